"""Load one side of a comparison: a document file or a file at a git revision.

A reference is either a path to a JSON or YAML file (Swagger 2.0 or OpenAPI 3.x) or
``git:REF:PATH``, the file ``PATH`` as committed at ``REF`` (read with ``git show REF:PATH`` in
the repository directory, nothing in the checkout changes). Either way the document is
normalized (Swagger 2.0 converted to OpenAPI 3, operationIds synthesized, ...) and turned into
the IR, so the two sides are compared in one form whatever their format and version. The IR
says what the operations are; the document keeps the JSON Schema detail the IR does not (the
schemas the keyword checks compare, extensions such as ``x-sunset``, callbacks, webhooks).
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import ir
from generator.builder.names import NO_SURFACE_INPUT, SurfaceInput
from generator.errors import UsageError
from generator.parse import build_api
from generator.spec.load import LoadedDocument, load_file, parse_document
from generator.spec.normalize import normalize

GIT_PREFIX = "git:"
_GIT_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Side:
    """One version of an API: its normalized OpenAPI 3 document and its IR (complete, or built
    for comparing: see :func:`generator.builder.build_api`)."""

    source: str
    document: dict[str, Any]
    api: ir.Api
    source_version: str

    @property
    def ir(self) -> ir.Api:
        return self.api

    @functools.cached_property
    def model_classes(self) -> frozenset[str]:
        """Every model class the generated client has (the complete IR is built for it when
        this side's was built for comparing: only a removed named model asks)."""
        api = self.api if self.api.complete else build_api(self.document)
        return frozenset(m.class_name for m in api.models)


def side_from_document(
    data: dict[str, Any],
    source: str = "<document>",
    surface: SurfaceInput = NO_SURFACE_INPUT,
    *,
    in_place: bool = False,
) -> Side:
    """Normalize a parsed document and build its IR for comparing (raises DocumentError when
    it cannot); ``surface``: the names a generated client of it has (see
    `generator.builder.names`). ``in_place``: ``data`` is normalized in place rather than
    copied (for a document no one else reads)."""
    normalized = normalize(data, in_place=in_place)
    api = build_api(normalized.document, surface, models=False)
    return Side(source, normalized.document, api, normalized.source_version)


def load_side(ref: str, *, repo: Path, surface: SurfaceInput = NO_SURFACE_INPUT) -> Side:
    """Load ``ref`` (a file path or ``git:REF:PATH``) as one side of a comparison.

    A file path is read as given (relative to the current directory); ``git show`` runs in
    ``repo``, so ``PATH`` is relative to the repository root (or to ``repo`` when it starts
    with ``./``).
    Raises UsageError for a missing file, git revision or path, DocumentError for a document
    that cannot be read or normalized.
    """
    loaded = _load_git(ref, repo) if ref.startswith(GIT_PREFIX) else load_file(Path(ref))
    return side_from_document(loaded.data, ref, surface, in_place=True)


def check_git_revision(revision: str, what: str) -> str:
    """Refuse a revision git would read as an option (``--output=FILE`` writes a file)."""
    if revision.startswith("-"):
        raise UsageError(f"{what}: the git revision {revision!r} starts with '-'; not a revision")
    return revision


def _load_git(ref: str, repo: Path) -> LoadedDocument:
    revision, sep, path = ref[len(GIT_PREFIX) :].partition(":")
    if not sep or not revision or not path:
        raise UsageError(f"{ref}: expected git:REF:PATH, e.g. git:HEAD~1:specs/orders/prod.json")
    check_git_revision(revision, ref)
    if not repo.is_dir():
        raise UsageError(f"{ref}: repository directory {repo} does not exist")
    try:
        result = subprocess.run(
            ["git", "show", "--end-of-options", f"{revision}:{path}"],
            cwd=repo,
            capture_output=True,
            timeout=_GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(f"{ref}: git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"{ref}: git show took longer than {_GIT_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        raise UsageError(
            f"{ref}: cannot read {path!r} at {revision!r}: {_first_line(result.stderr)}"
        )
    return parse_document(result.stdout, ref)


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0].removeprefix("fatal: ") if lines else "git show failed"
