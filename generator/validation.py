"""What ``sdkgen validate`` and the main job say about a document: its problems as written, the
repairs ``generate`` makes, what remains after them, or why ``generate`` refuses it.

The repairs and the refusal come from the same code path as ``generate``
(:func:`generator.pipeline.prepare_loaded`), so validate never promises a repair for a document
that generate then refuses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import DocumentError
from generator.pipeline import prepare_loaded
from generator.spec.diagnostics import Diagnostic, has_errors, sort_diagnostics
from generator.spec.load import load_file
from generator.spec.validate import validate_document


@dataclass(frozen=True)
class Review:
    """A document as written, and as ``generate`` would take it."""

    problems: list[Diagnostic]  # as written: conformance and sdkgen's rules
    repairs: list[Diagnostic]  # what generate repairs (none when it refuses the document)
    remaining: list[Diagnostic]  # errors and warnings left once repaired
    refusal: DocumentError | None = None  # why generate refuses the document

    @property
    def valid(self) -> bool:
        return not has_errors(self.problems)


def _count(diags: list[Diagnostic], severity: str) -> int:
    return sum(d.severity == severity for d in diags)


def review(path: Path) -> Review:
    """Validate ``path`` and try what ``generate`` does with it (nothing is written).

    A document that cannot be read at all raises ``DocumentError`` as ``load_file`` does."""
    loaded = load_file(path)
    problems = sort_diagnostics(validate_document(loaded.data))
    try:
        prepared = prepare_loaded(loaded, path)
    except DocumentError as exc:
        return Review(problems, [], [], exc)
    remaining = [d for d in validate_document(prepared.normalized.document) if d.severity != "info"]
    return Review(problems, list(prepared.normalized.repairs), sort_diagnostics(remaining))


def counts(result: Review) -> dict[str, Any]:
    """The numbers the main job prints (and caches) for a document."""
    return {
        "errors": _count(result.problems, "error"),
        "warnings": _count(result.problems, "warning"),
        "repairs": len(result.repairs),
        "remaining_errors": _count(result.remaining, "error"),
        "remaining_warnings": _count(result.remaining, "warning"),
        "refused": str(result.refusal) if result.refusal is not None else None,
    }


COUNT_KEYS = frozenset(counts(Review([], [], [])))


def summary(numbers: dict[str, Any]) -> str:
    """One line: problems as written, then repaired and remaining, or the refusal."""
    errors, warnings = int(numbers["errors"]), int(numbers["warnings"])
    written = f"{errors} error(s), {warnings} warning(s) as written"
    if numbers["refused"]:
        return f"{written}; generate refuses it: {numbers['refused']}"
    repairs = int(numbers["repairs"])
    left = f"{numbers['remaining_errors']} error(s), {numbers['remaining_warnings']} warning(s)"
    if not repairs:
        return f"{written}; generate repairs nothing"
    return f"{written}; after generate's {repairs} repair(s): {left} remain"


def format_text(result: Review, source: str) -> str:
    """Every problem, then every repair generate makes and what remains (or the refusal)."""
    lines = [f"{source}: {d.to_text()}" for d in result.problems]
    lines.append(
        f"{source}: {_count(result.problems, 'error')} error(s), "
        f"{_count(result.problems, 'warning')} warning(s)"
    )
    if result.refusal is not None:
        lines.append(f"{source}: `sdkgen generate` refuses this document: {result.refusal}")
        lines += [f"{source}:   {d.to_text()}" for d in result.refusal.diagnostics]
        return "\n".join(lines)
    if result.repairs:
        lines.append(f"{source}: `sdkgen generate` makes {len(result.repairs)} repair(s):")
        lines += [
            f"{source}:   repair: {d.pointer or '/'}: {d.message} [{d.code}]"
            for d in result.repairs
        ]
    left = result.remaining
    lines.append(
        f"{source}: once repaired: {_count(left, 'error')} error(s), "
        f"{_count(left, 'warning')} warning(s)"
        + (" left (generate leaves the affected parts out):" if left else "")
    )
    lines += [f"{source}:   {d.to_text()}" for d in left]
    return "\n".join(lines)


def format_json(result: Review, source: str) -> str:
    payload = {
        "source": source,
        "valid": result.valid,
        "problems": [d.to_json() for d in result.problems],
        "generate": {
            "accepted": result.refusal is None,
            "refusal": None
            if result.refusal is None
            else {
                "message": str(result.refusal),
                "problems": [d.to_json() for d in result.refusal.diagnostics],
            },
            "repairs": [d.to_json() for d in result.repairs],
            "remaining": [d.to_json() for d in result.remaining],
        },
    }
    return json.dumps(payload, indent=2, sort_keys=True)
