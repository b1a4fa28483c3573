"""What a schema comparison finds, before it is placed in an operation, and small helpers that
every check shares (canonical text, listing values)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from generator.diff.resolve import Resolver
from generator.diff.rule import AnyRule, Direction
from generator.diff.signature import signature

Scope = Literal["schema", "property"]

MAX_LISTED = 8


@dataclass(frozen=True)
class Finding:
    """One difference found inside a schema.

    ``rule`` is a :class:`~generator.diff.rule.SchemaRule` (its id depends on the place the
    schema sits: parameter, body, header) or a plain rule. ``subject`` locates the difference
    below the compared schema: property names, ``[]`` for array items, ``[0]`` for a tuple
    position, ``*`` for map values, ``oneOf[X]`` for composition members. ``scope``
    ``property`` findings speak of the property the subject names (added, removed, became
    required), ``schema`` findings of the schema there.
    """

    rule: AnyRule
    subject: tuple[str, ...]
    detail: str
    scope: Scope = "schema"

    def below(self, prefix: tuple[str, ...]) -> Finding:
        return Finding(self.rule, prefix + self.subject, self.detail, self.scope)


@dataclass(frozen=True)
class SchemaPair:
    """Two versions of one schema node, ``allOf`` merged in, seen in one direction, with the
    resolvers of their documents (for checks that compare sub-schemas as a whole)."""

    base: dict[str, Any]
    revision: dict[str, Any]
    direction: Direction
    base_resolver: Resolver | None = None
    revision_resolver: Resolver | None = None

    def same(self, base: Any, revision: Any) -> bool:
        """Whether two sub-schemas say the same (references followed, documentation ignored)."""
        return signature(base, self.base_resolver) == signature(revision, self.revision_resolver)


def finding(rule: AnyRule, detail: str) -> Finding:
    return Finding(rule, (), detail)


def render_subject(subject: Iterable[str]) -> str:
    """``("address", "city")`` -> ``address.city``; ``("tags", "[]")`` -> ``tags[]``."""
    out = ""
    for segment in subject:
        if segment == "[]" or (segment.startswith("[") and segment.endswith("]")):
            out += segment
        else:
            out += ("." if out else "") + segment
    return out


def canonical(value: Any) -> str:
    """A stable text form of a JSON value, for comparisons and messages."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def listed(values: Iterable[str]) -> str:
    items = sorted(values)
    shown = ", ".join(items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        shown += f" and {len(items) - MAX_LISTED} more"
    return shown


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def text(value: Any) -> str | None:
    """Prose with whitespace collapsed (``None`` if absent or empty)."""
    return " ".join(value.split()) or None if isinstance(value, str) else None


def presence(old: Any, new: Any) -> str:
    """``added``, ``removed`` or ``changed`` for a value that differs."""
    return "added" if old is None else "removed" if new is None else "changed"
