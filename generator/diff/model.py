"""The change record, its levels and the report that collects changes.

A :class:`Change` is one thing a new API version does to consumers, stated once. Its ``id`` is a
stable kebab-case rule identifier (see :mod:`generator.diff.catalog`), its ``level`` says how much
it matters to a consumer of the generated client:

- ``breaking``: code that works against the old version can fail against the new one;
- ``warning``: may break some consumers, or needs their attention (e.g. deprecation);
- ``info``: compatible (additive or documentation-only).

A change may be *waived*: it still shows, at its level, with the reason it does not count
(a team's waiver, or an operation whose ``x-stability-level`` is draft or alpha). Waived
changes never fail a gate; a waived breaking or warning change still calls for a minor bump.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["breaking", "warning", "info"]
Bump = Literal["major", "minor", "patch", "none"]

LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")
_LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Change:
    """One reported change.

    ``operation`` is ``"METHOD /path"`` (e.g. ``"GET /orders/{orderId}"``) for changes of one
    operation, ``None`` for document-wide changes; ``path`` is the URL path template.
    """

    id: str
    level: Level
    operation: str | None
    path: str | None
    text: str
    waived: str | None = None  # why this change does not count, when it does not

    def to_json(self) -> dict[str, str | bool | None]:
        payload: dict[str, str | bool | None] = {
            "id": self.id,
            "level": self.level,
            "operation": self.operation,
            "path": self.path,
            "text": self.text,
            "waived": self.waived is not None,
        }
        if self.waived is not None:
            payload["waiver"] = self.waived
        return payload

    @property
    def counts(self) -> bool:
        """Whether the change counts toward a gate (it is not waived)."""
        return self.waived is None


def sort_key(change: Change) -> tuple[int, str, str, str, str]:
    """Deterministic order: level (breaking first), operation, id, then path and text."""
    return (
        _LEVEL_ORDER[change.level],
        change.operation or "",
        change.id,
        change.path or "",
        change.text,
    )


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Changes without duplicates, in report order."""
    return sorted(set(changes), key=sort_key)


@dataclass(frozen=True)
class DiffReport:
    """Every change between two API versions and the version bump they call for."""

    changes: list[Change]
    bump: Bump
    base: str = field(default="", compare=False)
    revision: str = field(default="", compare=False)

    def count(self, level: Level) -> int:
        return sum(1 for c in self.changes if c.level == level)

    def has(self, level: Level) -> bool:
        """Whether a change of ``level`` counts (waived changes do not)."""
        return any(c.level == level and c.counts for c in self.changes)

    def waived(self) -> list[Change]:
        return [c for c in self.changes if not c.counts]
