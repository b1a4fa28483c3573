"""``const``: a schema that allows exactly one value (compared here when neither side has an
``enum``; next to an enum it narrows the enum, see :mod:`generator.diff.checks.enums`).

A const added restricts what callers may send; removed, readers may get other values; changed,
both sides break (callers send the old value, readers expect it).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diff.findings import Finding, SchemaPair, canonical, finding
from generator.diff.rule import SchemaRule

CONST_ADDED = SchemaRule(
    "restricted to one value (const)",
    "breaking",
    "info",
    request_parameter="request-parameter-const-added",
    request_body="request-body-const-added",
    response_body="response-body-const-added",
    response_header="response-header-const-added",
)
CONST_REMOVED = SchemaRule(
    "no longer restricted to one value (const)",
    "info",
    "breaking",
    request_parameter="request-parameter-const-removed",
    request_body="request-body-const-removed",
    response_body="response-body-const-removed",
    response_header="response-header-const-removed",
)
CONST_CHANGED = SchemaRule(
    "the one allowed value (const) changed",
    "breaking",
    "breaking",
    request_parameter="request-parameter-const-changed",
    request_body="request-body-const-changed",
    response_body="response-body-const-changed",
    response_header="response-header-const-changed",
)

RULES = (CONST_ADDED, CONST_REMOVED, CONST_CHANGED)


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    if "enum" in b or "enum" in r:
        return
    old = canonical(b["const"]) if "const" in b else None
    new = canonical(r["const"]) if "const" in r else None
    if old == new:
        return
    if old is None:
        yield finding(CONST_ADDED, f"const {new} was added")
    elif new is None:
        yield finding(CONST_REMOVED, f"const {old} was removed")
    else:
        yield finding(CONST_CHANGED, f"const changed from {old} to {new}")
