"""Located problems and repairs: one record type shared by load, normalize and validate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


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
