"""Located problems and repairs: one record type shared by load, normalize and validate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    text = str(token)
    if "~" not in text and "/" not in text:
        return text
    return text.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer from unescaped tokens: ``pointer("paths", "/a")`` -> ``/paths/~1a``."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def unescape_pointer(ptr: str) -> list[str]:
    """Split a JSON pointer into unescaped tokens."""
    if ptr in ("", "#"):
        return []
    body = ptr[1:] if ptr.startswith("#") else ptr
    if not body.startswith("/"):
        raise ValueError(f"not a JSON pointer: {ptr!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in body[1:].split("/")]


def pointer_target(document: Any, ref: str, default: Any = None) -> Any:
    """The node a local reference (``#/components/schemas/Pet``) points to in ``document``, or
    ``default`` when it is not local, malformed or points nowhere. List indexes are decimal
    digits within range (``-1`` is not the last item)."""
    if not ref.startswith("#"):
        return default
    try:
        tokens = unescape_pointer(ref)
    except ValueError:
        return default
    node = document
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem or repair, located by a JSON pointer into the document it concerns.

    ``code`` is a stable kebab-case identifier; ``message`` is plain words for people.
    """

    pointer: str
    severity: Severity
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)

    def to_text(self) -> str:
        where = self.pointer or "/"
        return f"{self.severity}: {where}: {self.message} [{self.code}]"


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order: errors first, then by location."""
    unique = set(diags)
    return sorted(unique, key=lambda d: (_SEVERITY_ORDER[d.severity], d.pointer, d.code, d.message))


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diags)


def format_text(diags: Sequence[Diagnostic], source: str) -> str:
    lines = [f"{source}: {d.to_text()}" for d in diags]
    errors = sum(d.severity == "error" for d in diags)
    warnings = sum(d.severity == "warning" for d in diags)
    lines.append(f"{source}: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def format_json(diags: Sequence[Diagnostic], source: str) -> str:
    payload = {
        "source": source,
        "valid": not has_errors(diags),
        "problems": [d.to_json() for d in diags],
    }
    return json.dumps(payload, indent=2, sort_keys=True)
