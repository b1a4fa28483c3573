"""What an object may hold beyond its named properties: ``patternProperties``,
``propertyNames``, ``additionalProperties`` and ``unevaluatedProperties``.

Each of them added (or made stricter: ``additionalProperties: false``) rejects objects that
were valid: breaking in requests, info in responses; removed (or relaxed), readers may get
properties they do not know. Sub-schemas present on both sides are compared like any other
(subjects ``/pattern/``, ``propertyNames``, ``*``, ``unevaluatedProperties``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding, listed
from generator.diff.rule import SchemaRule

PATTERN_PROPERTY_ADDED = SchemaRule(
    "properties whose names match a pattern are now constrained (patternProperties)",
    "breaking",
    "info",
    request_parameter="request-parameter-pattern-property-added",
    request_body="request-body-pattern-property-added",
    response_body="response-body-pattern-property-added",
    response_header="response-header-pattern-property-added",
)
PATTERN_PROPERTY_REMOVED = SchemaRule(
    "properties whose names match a pattern are no longer constrained (patternProperties)",
    "info",
    "breaking",
    request_parameter="request-parameter-pattern-property-removed",
    request_body="request-body-pattern-property-removed",
    response_body="response-body-pattern-property-removed",
    response_header="response-header-pattern-property-removed",
)
PROPERTY_NAMES_ADDED = SchemaRule(
    "property names are now constrained (propertyNames)",
    "breaking",
    "info",
    request_parameter="request-parameter-property-names-added",
    request_body="request-body-property-names-added",
    response_body="response-body-property-names-added",
    response_header="response-header-property-names-added",
)
PROPERTY_NAMES_REMOVED = SchemaRule(
    "property names are no longer constrained (propertyNames)",
    "info",
    "breaking",
    request_parameter="request-parameter-property-names-removed",
    request_body="request-body-property-names-removed",
    response_body="response-body-property-names-removed",
    response_header="response-header-property-names-removed",
)
ADDITIONAL_PROPERTIES_RESTRICTED = SchemaRule(
    "other properties are no longer allowed, or must now match a schema (additionalProperties)",
    "breaking",
    "info",
    request_parameter="request-parameter-additional-properties-restricted",
    request_body="request-body-additional-properties-restricted",
    response_body="response-body-additional-properties-restricted",
    response_header="response-header-additional-properties-restricted",
)
ADDITIONAL_PROPERTIES_ALLOWED = SchemaRule(
    "other properties are now allowed (additionalProperties)",
    "info",
    "warning",
    request_parameter="request-parameter-additional-properties-allowed",
    request_body="request-body-additional-properties-allowed",
    response_body="response-body-additional-properties-allowed",
    response_header="response-header-additional-properties-allowed",
)
UNEVALUATED_PROPERTIES_ADDED = SchemaRule(
    "properties no other keyword covers are now constrained (unevaluatedProperties)",
    "breaking",
    "info",
    request_parameter="request-parameter-unevaluated-properties-added",
    request_body="request-body-unevaluated-properties-added",
    response_body="response-body-unevaluated-properties-added",
    response_header="response-header-unevaluated-properties-added",
)
UNEVALUATED_PROPERTIES_REMOVED = SchemaRule(
    "properties no other keyword covers are no longer constrained (unevaluatedProperties)",
    "info",
    "breaking",
    request_parameter="request-parameter-unevaluated-properties-removed",
    request_body="request-body-unevaluated-properties-removed",
    response_body="response-body-unevaluated-properties-removed",
    response_header="response-header-unevaluated-properties-removed",
)

RULES = (
    PATTERN_PROPERTY_ADDED,
    PATTERN_PROPERTY_REMOVED,
    PROPERTY_NAMES_ADDED,
    PROPERTY_NAMES_REMOVED,
    ADDITIONAL_PROPERTIES_RESTRICTED,
    ADDITIONAL_PROPERTIES_ALLOWED,
    UNEVALUATED_PROPERTIES_ADDED,
    UNEVALUATED_PROPERTIES_REMOVED,
)


def _patterns(schema: dict[str, Any]) -> set[str]:
    raw = schema.get("patternProperties")
    return {str(k) for k in raw} if isinstance(raw, dict) else set()


def _openness(value: Any) -> str:
    """``open`` (absent, true, {}), ``closed`` (false) or ``schema``."""
    if value is None or value is True or value == {}:
        return "open"
    if value is False:
        return "closed"
    return "schema"


_RESTRICTING = {("open", "closed"), ("open", "schema"), ("schema", "closed")}


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    old, new = _patterns(b), _patterns(r)
    if new - old:
        yield finding(PATTERN_PROPERTY_ADDED, f"patternProperties added: {listed(new - old)}")
    if old - new:
        yield finding(PATTERN_PROPERTY_REMOVED, f"patternProperties removed: {listed(old - new)}")
    if "propertyNames" in r and "propertyNames" not in b:
        yield finding(PROPERTY_NAMES_ADDED, "property names are now constrained")
    elif "propertyNames" in b and "propertyNames" not in r:
        yield finding(PROPERTY_NAMES_REMOVED, "property names are no longer constrained")
    for keyword, restricted, relaxed in (
        ("additionalProperties", ADDITIONAL_PROPERTIES_RESTRICTED, ADDITIONAL_PROPERTIES_ALLOWED),
        ("unevaluatedProperties", UNEVALUATED_PROPERTIES_ADDED, UNEVALUATED_PROPERTIES_REMOVED),
    ):
        before, after = _openness(b.get(keyword)), _openness(r.get(keyword))
        if (before, after) in _RESTRICTING:
            yield finding(restricted, f"{keyword} changed from {before} to {after}")
        elif before != after and (after, before) in _RESTRICTING:
            yield finding(relaxed, f"{keyword} changed from {before} to {after}")
