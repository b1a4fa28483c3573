"""What an array must hold beyond its items schema: ``contains`` and ``unevaluatedItems``
(counts of matching items, ``minContains`` / ``maxContains``, are bounds; tuple positions,
``prefixItems``, are compared position by position by the traversal).

A ``contains`` or ``unevaluatedItems`` added rejects arrays that were valid: breaking in
requests, info in responses; removed, the reverse. Schemas present on both sides are compared
like any other (subjects ``contains``, ``unevaluatedItems``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding
from generator.diff.rule import SchemaRule

CONTAINS_ADDED = SchemaRule(
    "the array must now contain a matching item (contains)",
    "breaking",
    "info",
    request_parameter="request-parameter-contains-added",
    request_body="request-body-contains-added",
    response_body="response-body-contains-added",
    response_header="response-header-contains-added",
)
CONTAINS_REMOVED = SchemaRule(
    "the array no longer needs a matching item (contains)",
    "info",
    "breaking",
    request_parameter="request-parameter-contains-removed",
    request_body="request-body-contains-removed",
    response_body="response-body-contains-removed",
    response_header="response-header-contains-removed",
)
UNEVALUATED_ITEMS_ADDED = SchemaRule(
    "items no other keyword covers are now constrained (unevaluatedItems)",
    "breaking",
    "info",
    request_parameter="request-parameter-unevaluated-items-added",
    request_body="request-body-unevaluated-items-added",
    response_body="response-body-unevaluated-items-added",
    response_header="response-header-unevaluated-items-added",
)
UNEVALUATED_ITEMS_REMOVED = SchemaRule(
    "items no other keyword covers are no longer constrained (unevaluatedItems)",
    "info",
    "breaking",
    request_parameter="request-parameter-unevaluated-items-removed",
    request_body="request-body-unevaluated-items-removed",
    response_body="response-body-unevaluated-items-removed",
    response_header="response-header-unevaluated-items-removed",
)

RULES = (CONTAINS_ADDED, CONTAINS_REMOVED, UNEVALUATED_ITEMS_ADDED, UNEVALUATED_ITEMS_REMOVED)


def _constraining(value: Any) -> bool:
    return value is not None and value is not True and value != {}


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    for keyword, added, removed in (
        ("contains", CONTAINS_ADDED, CONTAINS_REMOVED),
        ("unevaluatedItems", UNEVALUATED_ITEMS_ADDED, UNEVALUATED_ITEMS_REMOVED),
    ):
        before, after = _constraining(b.get(keyword)), _constraining(r.get(keyword))
        if after and not before:
            yield finding(added, f"{keyword} was added")
        elif before and not after:
            yield finding(removed, f"{keyword} was removed")
