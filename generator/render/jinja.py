"""The one jinja2 environment for generated files.

Templates receive only view values prepared in Python: identifiers decided by
``generator.naming`` and literals made by ``naming.py_literal`` / ``toml_string``.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import cache
from typing import Any

import jinja2

from generator.cache import cache_dir, caching

_OPTIONS: dict[str, Any] = {
    "autoescape": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the cache folder (compiling them took a quarter of a small
    ``generate``); a folder that cannot be read or written only means compiling again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """The bytecode cache, in a folder named for jinja2's version and the options templates
    compile with (a template's source is checked by jinja2 itself)."""
    if not caching():
        return None
    key = hashlib.sha256(repr(sorted(_OPTIONS.items())).encode()).hexdigest()[:12]
    folder = cache_dir() / "jinja" / f"{jinja2.__version__}-{key}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_compiled_templates(),
        **_OPTIONS,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
