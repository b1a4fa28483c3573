"""The values a schema allows: ``enum`` (with ``const`` counted as a one-value enum when the
other side uses ``enum``), and ``x-extensible-enum``.

An ``enum`` lists every allowed value: a value removed breaks callers that send it, a value
added can surprise readers (a warning: the typed client's enum does not know it). An
``x-extensible-enum`` lists the known values of an open set: readers must already expect new
values, so only a value removed from a request matters (callers that send it are rejected).
``null`` in an enum is nullability, compared on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, canonical, finding, listed
from generator.diff.rule import SchemaRule

ENUM_VALUE_ADDED = SchemaRule(
    "enum values were added",
    "info",
    "warning",
    request_parameter="request-parameter-enum-value-added",
    request_body="request-body-enum-value-added",
    response_body="response-body-enum-value-added",
    response_header="response-header-enum-value-added",
)
ENUM_VALUE_REMOVED = SchemaRule(
    "enum values were removed",
    "breaking",
    "info",
    request_parameter="request-parameter-enum-value-removed",
    request_body="request-body-enum-value-removed",
    response_body="response-body-enum-value-removed",
    response_header="response-header-enum-value-removed",
)
BECAME_ENUM = SchemaRule(
    "restricted to a list of values",
    "breaking",
    "info",
    request_parameter="request-parameter-became-enum",
    request_body="request-body-became-enum",
    response_body="response-body-became-enum",
    response_header="response-header-became-enum",
)
ENUM_REMOVED = SchemaRule(
    "no longer restricted to a list of values",
    "info",
    "warning",
    request_parameter="request-parameter-enum-removed",
    request_body="request-body-enum-removed",
    response_body="response-body-enum-removed",
    response_header="response-header-enum-removed",
)
EXTENSIBLE_ENUM_VALUE_ADDED = SchemaRule(
    "x-extensible-enum values were added (readers expect new values)",
    "info",
    "info",
    request_parameter="request-parameter-x-extensible-enum-value-added",
    request_body="request-body-x-extensible-enum-value-added",
    response_body="response-body-x-extensible-enum-value-added",
    response_header="response-header-x-extensible-enum-value-added",
)
EXTENSIBLE_ENUM_VALUE_REMOVED = SchemaRule(
    "x-extensible-enum values were removed",
    "breaking",
    "info",
    request_parameter="request-parameter-x-extensible-enum-value-removed",
    request_body="request-body-x-extensible-enum-value-removed",
    response_body="response-body-x-extensible-enum-value-removed",
    response_header="response-header-x-extensible-enum-value-removed",
)

RULES = (
    ENUM_VALUE_ADDED,
    ENUM_VALUE_REMOVED,
    BECAME_ENUM,
    ENUM_REMOVED,
    EXTENSIBLE_ENUM_VALUE_ADDED,
    EXTENSIBLE_ENUM_VALUE_REMOVED,
)


def _values(raw: Any) -> frozenset[str] | None:
    if not isinstance(raw, list):
        return None
    kept = frozenset(canonical(v) for v in raw if v is not None)
    return kept or None


def allowed_values(schema: dict[str, Any]) -> frozenset[str] | None:
    """The enum's values (``None``: not an enum), narrowed by a ``const`` beside it."""
    values = _values(schema.get("enum"))
    if "const" in schema and schema["const"] is not None:
        only = frozenset({canonical(schema["const"])})
        return only if values is None else values & only
    return values


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    if "enum" not in b and "enum" not in r:
        return  # no enum on either side: a const alone is compared by the const check
    old, new = allowed_values(b), allowed_values(r)
    if old == new:
        return
    if old is None and new is not None:
        yield finding(BECAME_ENUM, f"restricted to the values {listed(new)}")
    elif new is None and old is not None:
        yield finding(ENUM_REMOVED, f"no longer restricted to {listed(old)}")
    elif old is not None and new is not None:
        if old - new:
            yield finding(ENUM_VALUE_REMOVED, f"enum values removed: {listed(old - new)}")
        if new - old:
            yield finding(ENUM_VALUE_ADDED, f"enum values added: {listed(new - old)}")


def check_extensible(pair: SchemaPair) -> Iterator[Finding]:
    old = _values(pair.base.get("x-extensible-enum")) or frozenset()
    new = _values(pair.revision.get("x-extensible-enum")) or frozenset()
    if old - new:
        yield finding(
            EXTENSIBLE_ENUM_VALUE_REMOVED, f"x-extensible-enum values removed: {listed(old - new)}"
        )
    if new - old:
        yield finding(
            EXTENSIBLE_ENUM_VALUE_ADDED, f"x-extensible-enum values added: {listed(new - old)}"
        )
