"""``pattern``: a regular expression a string must match. A pattern that matches every string
(``.*``) is no pattern. Added, it restricts what callers send; removed, readers may get
strings the typed client rejects (a warning: most patterns document rather than restrict);
changed, either can happen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding
from generator.diff.rule import SchemaRule

PATTERN_ADDED = SchemaRule(
    "a pattern was added",
    "breaking",
    "info",
    request_parameter="request-parameter-pattern-added",
    request_body="request-body-pattern-added",
    response_body="response-body-pattern-added",
    response_header="response-header-pattern-added",
)
PATTERN_CHANGED = SchemaRule(
    "the pattern changed",
    "warning",
    "warning",
    request_parameter="request-parameter-pattern-changed",
    request_body="request-body-pattern-changed",
    response_body="response-body-pattern-changed",
    response_header="response-header-pattern-changed",
)
PATTERN_REMOVED = SchemaRule(
    "the pattern was removed (or now matches any string)",
    "info",
    "warning",
    request_parameter="request-parameter-pattern-removed",
    request_body="request-body-pattern-removed",
    response_body="response-body-pattern-removed",
    response_header="response-header-pattern-removed",
)

RULES = (PATTERN_ADDED, PATTERN_CHANGED, PATTERN_REMOVED)

_ANY_STRING = frozenset(
    {"", ".*", "^.*", ".*$", "^.*$", "(.*)", "^(.*)$", "[\\s\\S]*", "^[\\s\\S]*$"}
)


def pattern(schema: dict[str, Any]) -> str | None:
    value = schema.get("pattern")
    if not isinstance(value, str) or value in _ANY_STRING:
        return None
    return value


def check(pair: SchemaPair) -> Iterator[Finding]:
    old, new = pattern(pair.base), pattern(pair.revision)
    if old == new:
        return
    if old is None:
        yield finding(PATTERN_ADDED, f"pattern {new!r} was added")
    elif new is None:
        shown = pair.revision.get("pattern")
        detail = f"pattern {old!r} was removed"
        if isinstance(shown, str):
            detail = f"pattern {old!r} became {shown!r}, which matches any string"
        yield finding(PATTERN_REMOVED, detail)
    else:
        yield finding(PATTERN_CHANGED, f"pattern changed from {old!r} to {new!r}")
