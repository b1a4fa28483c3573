"""``discriminator``: the property that tells the members of a ``oneOf`` / ``anyOf`` apart, and
its mapping from values to schemas. The typed client builds its tagged unions from it.

A discriminator added, removed or keyed on another property changes how payloads are told
apart (a warning both ways). A mapping value removed breaks callers that send it; added, it
can surprise readers (their union does not know it); remapped, either.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding, listed
from generator.diff.resolve import ref_name
from generator.diff.rule import SchemaRule

DISCRIMINATOR_CHANGED = SchemaRule(
    "the discriminator was added, removed or keyed on another property",
    "warning",
    "warning",
    request_parameter="request-parameter-discriminator-changed",
    request_body="request-body-discriminator-changed",
    response_body="response-body-discriminator-changed",
    response_header="response-header-discriminator-changed",
)
DISCRIMINATOR_MAPPING_ADDED = SchemaRule(
    "discriminator values were added to the mapping",
    "info",
    "warning",
    request_parameter="request-parameter-discriminator-mapping-added",
    request_body="request-body-discriminator-mapping-added",
    response_body="response-body-discriminator-mapping-added",
    response_header="response-header-discriminator-mapping-added",
)
DISCRIMINATOR_MAPPING_REMOVED = SchemaRule(
    "discriminator values were removed from the mapping",
    "breaking",
    "info",
    request_parameter="request-parameter-discriminator-mapping-removed",
    request_body="request-body-discriminator-mapping-removed",
    response_body="response-body-discriminator-mapping-removed",
    response_header="response-header-discriminator-mapping-removed",
)
DISCRIMINATOR_MAPPING_CHANGED = SchemaRule(
    "discriminator values now map to other schemas",
    "warning",
    "warning",
    request_parameter="request-parameter-discriminator-mapping-changed",
    request_body="request-body-discriminator-mapping-changed",
    response_body="response-body-discriminator-mapping-changed",
    response_header="response-header-discriminator-mapping-changed",
)

RULES = (
    DISCRIMINATOR_CHANGED,
    DISCRIMINATOR_MAPPING_ADDED,
    DISCRIMINATOR_MAPPING_REMOVED,
    DISCRIMINATOR_MAPPING_CHANGED,
)


def _discriminator(schema: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    raw = schema.get("discriminator")
    if not isinstance(raw, dict):
        return None
    mapping = raw.get("mapping")
    pairs = (
        {str(k): ref_name(str(v)) for k, v in mapping.items()} if isinstance(mapping, dict) else {}
    )
    return str(raw.get("propertyName", "")), pairs


def check(pair: SchemaPair) -> Iterator[Finding]:
    old, new = _discriminator(pair.base), _discriminator(pair.revision)
    if old == new:
        return
    if old is None and new is not None:
        yield finding(DISCRIMINATOR_CHANGED, f"discriminator on property {new[0]!r} was added")
        return
    if new is None and old is not None:
        yield finding(DISCRIMINATOR_CHANGED, f"discriminator on property {old[0]!r} was removed")
        return
    assert old is not None and new is not None
    if old[0] != new[0]:
        yield finding(
            DISCRIMINATOR_CHANGED,
            f"discriminator property changed from {old[0]!r} to {new[0]!r}",
        )
        return
    removed = set(old[1]) - set(new[1])
    added = set(new[1]) - set(old[1])
    remapped = {k for k in set(old[1]) & set(new[1]) if old[1][k] != new[1][k]}
    if removed:
        yield finding(
            DISCRIMINATOR_MAPPING_REMOVED, f"discriminator values removed: {listed(removed)}"
        )
    if added:
        yield finding(DISCRIMINATOR_MAPPING_ADDED, f"discriminator values added: {listed(added)}")
    if remapped:
        yield finding(
            DISCRIMINATOR_MAPPING_CHANGED, f"discriminator values remapped: {listed(remapped)}"
        )
