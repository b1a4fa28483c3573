"""Whether ``null`` is a value: ``nullable: true`` (OpenAPI 3.0), ``null`` in a type list or a
``{type: null}`` member of ``oneOf`` / ``anyOf`` (OpenAPI 3.1) all say the same. A request
that accepts null accepts more; a response that may be null breaks readers (and the typed
client's models)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding
from generator.diff.rule import SchemaRule

BECAME_NULLABLE = SchemaRule(
    "null became allowed",
    "info",
    "breaking",
    request_parameter="request-parameter-became-nullable",
    request_body="request-body-became-nullable",
    response_body="response-body-became-nullable",
    response_header="response-header-became-nullable",
)
BECAME_NOT_NULLABLE = SchemaRule(
    "null is no longer allowed",
    "breaking",
    "info",
    request_parameter="request-parameter-became-not-nullable",
    request_body="request-body-became-not-nullable",
    response_body="response-body-became-not-nullable",
    response_header="response-header-became-not-nullable",
)

RULES = (BECAME_NULLABLE, BECAME_NOT_NULLABLE)


def is_null_schema(node: Any) -> bool:
    """``{type: null}`` (or ``{type: [null]}``), nothing else constraining."""
    if not isinstance(node, dict):
        return False
    kind = node.get("type")
    is_null = kind == "null" or kind == ["null"]
    return is_null and not (set(node) - {"type", "description", "title"})


def nullable(schema: dict[str, Any]) -> bool:
    if schema.get("nullable") is True:
        return True
    raw = schema.get("type")
    if raw == "null" or (isinstance(raw, list) and "null" in raw):
        return True
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list) and any(is_null_schema(m) for m in members):
            return True
    return False


def check(pair: SchemaPair) -> Iterator[Finding]:
    old, new = nullable(pair.base), nullable(pair.revision)
    if old and not new:
        yield finding(BECAME_NOT_NULLABLE, "null is no longer allowed")
    elif new and not old:
        yield finding(BECAME_NULLABLE, "null is now allowed")
