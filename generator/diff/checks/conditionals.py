"""``if`` / ``then`` / ``else`` (JSON Schema 2020-12): a condition and the schema values must
also match when it holds (``then``) or does not (``else``).

A condition added with its branches, or a branch added, constrains more values: breaking in
requests, info in responses; removed, the reverse. A changed condition moves values between
the branches, which can both accept and reject: breaking both ways. Branches present on both
sides are compared like any sub-schema (subject ``then`` / ``else``). An ``if`` without
branches constrains nothing and is ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding
from generator.diff.rule import SchemaRule

IF_ADDED = SchemaRule(
    "a condition (if/then/else) was added",
    "breaking",
    "info",
    request_parameter="request-parameter-if-added",
    request_body="request-body-if-added",
    response_body="response-body-if-added",
    response_header="response-header-if-added",
)
IF_REMOVED = SchemaRule(
    "a condition (if/then/else) was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-if-removed",
    request_body="request-body-if-removed",
    response_body="response-body-if-removed",
    response_header="response-header-if-removed",
)
IF_CHANGED = SchemaRule(
    "the condition (if) changed",
    "breaking",
    "breaking",
    request_parameter="request-parameter-if-changed",
    request_body="request-body-if-changed",
    response_body="response-body-if-changed",
    response_header="response-header-if-changed",
)
THEN_ADDED = SchemaRule(
    "a then branch was added",
    "breaking",
    "info",
    request_parameter="request-parameter-then-added",
    request_body="request-body-then-added",
    response_body="response-body-then-added",
    response_header="response-header-then-added",
)
THEN_REMOVED = SchemaRule(
    "the then branch was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-then-removed",
    request_body="request-body-then-removed",
    response_body="response-body-then-removed",
    response_header="response-header-then-removed",
)
ELSE_ADDED = SchemaRule(
    "an else branch was added",
    "breaking",
    "info",
    request_parameter="request-parameter-else-added",
    request_body="request-body-else-added",
    response_body="response-body-else-added",
    response_header="response-header-else-added",
)
ELSE_REMOVED = SchemaRule(
    "the else branch was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-else-removed",
    request_body="request-body-else-removed",
    response_body="response-body-else-removed",
    response_header="response-header-else-removed",
)

RULES = (IF_ADDED, IF_REMOVED, IF_CHANGED, THEN_ADDED, THEN_REMOVED, ELSE_ADDED, ELSE_REMOVED)


def conditional(schema: dict[str, Any]) -> bool:
    """Whether the schema has a condition that constrains anything."""
    return "if" in schema and ("then" in schema or "else" in schema)


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    old, new = conditional(b), conditional(r)
    if not old and not new:
        return
    if new and not old:
        yield finding(IF_ADDED, "a condition (if/then/else) was added")
        return
    if old and not new:
        yield finding(IF_REMOVED, "the condition (if/then/else) was removed")
        return
    if not pair.same(b["if"], r["if"]):
        yield finding(IF_CHANGED, "the condition (if) changed")
    for keyword, added, removed in (
        ("then", THEN_ADDED, THEN_REMOVED),
        ("else", ELSE_ADDED, ELSE_REMOVED),
    ):
        if keyword in r and keyword not in b:
            yield finding(added, f"an {keyword!r} branch was added")
        elif keyword in b and keyword not in r:
            yield finding(removed, f"the {keyword!r} branch was removed")
