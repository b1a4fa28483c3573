"""``not``: values a schema excludes.

A ``not`` added excludes values that were valid: breaking in requests, info in responses;
removed, readers may get values that were excluded. A changed ``not`` schema is not graded
piece by piece (narrowing what is excluded widens what is accepted, and the reverse): any
change to it is breaking both ways.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diff.findings import Finding, SchemaPair, finding
from generator.diff.rule import SchemaRule

NOT_ADDED = SchemaRule(
    "values are now excluded (not)",
    "breaking",
    "info",
    request_parameter="request-parameter-not-added",
    request_body="request-body-not-added",
    response_body="response-body-not-added",
    response_header="response-header-not-added",
)
NOT_REMOVED = SchemaRule(
    "values are no longer excluded (not)",
    "info",
    "breaking",
    request_parameter="request-parameter-not-removed",
    request_body="request-body-not-removed",
    response_body="response-body-not-removed",
    response_header="response-header-not-removed",
)
NOT_CHANGED = SchemaRule(
    "the excluded values (not) changed",
    "breaking",
    "breaking",
    request_parameter="request-parameter-not-changed",
    request_body="request-body-not-changed",
    response_body="response-body-not-changed",
    response_header="response-header-not-changed",
)

RULES = (NOT_ADDED, NOT_REMOVED, NOT_CHANGED)


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    if "not" in r and "not" not in b:
        yield finding(NOT_ADDED, "a 'not' schema was added")
    elif "not" in b and "not" not in r:
        yield finding(NOT_REMOVED, "the 'not' schema was removed")
    elif "not" in b and not pair.same(b["not"], r["not"]):
        yield finding(NOT_CHANGED, "the 'not' schema changed")
