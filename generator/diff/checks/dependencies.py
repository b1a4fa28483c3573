"""``dependentRequired`` and ``dependentSchemas`` (JSON Schema 2020-12): what else an object
must have, or match, when it has a given property.

A dependency added (a new trigger property, or more required names for one) rejects objects
that were valid: breaking in requests, info in responses; removed, the reverse. Dependent
schemas present on both sides are compared like any sub-schema
(subject ``dependentSchemas[name]``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding, listed
from generator.diff.rule import SchemaRule

DEPENDENT_REQUIRED_ADDED = SchemaRule(
    "a property now requires others (dependentRequired)",
    "breaking",
    "info",
    request_parameter="request-parameter-dependent-required-added",
    request_body="request-body-dependent-required-added",
    response_body="response-body-dependent-required-added",
    response_header="response-header-dependent-required-added",
)
DEPENDENT_REQUIRED_REMOVED = SchemaRule(
    "a property no longer requires others (dependentRequired)",
    "info",
    "breaking",
    request_parameter="request-parameter-dependent-required-removed",
    request_body="request-body-dependent-required-removed",
    response_body="response-body-dependent-required-removed",
    response_header="response-header-dependent-required-removed",
)
DEPENDENT_SCHEMA_ADDED = SchemaRule(
    "a property now brings a schema to match (dependentSchemas)",
    "breaking",
    "info",
    request_parameter="request-parameter-dependent-schema-added",
    request_body="request-body-dependent-schema-added",
    response_body="response-body-dependent-schema-added",
    response_header="response-header-dependent-schema-added",
)
DEPENDENT_SCHEMA_REMOVED = SchemaRule(
    "a property no longer brings a schema to match (dependentSchemas)",
    "info",
    "breaking",
    request_parameter="request-parameter-dependent-schema-removed",
    request_body="request-body-dependent-schema-removed",
    response_body="response-body-dependent-schema-removed",
    response_header="response-header-dependent-schema-removed",
)

RULES = (
    DEPENDENT_REQUIRED_ADDED,
    DEPENDENT_REQUIRED_REMOVED,
    DEPENDENT_SCHEMA_ADDED,
    DEPENDENT_SCHEMA_REMOVED,
)


def _required_map(schema: dict[str, Any]) -> dict[str, set[str]]:
    raw = schema.get("dependentRequired")
    if not isinstance(raw, dict):
        return {}
    return {
        str(key): {str(n) for n in names} for key, names in raw.items() if isinstance(names, list)
    }


def _schema_keys(schema: dict[str, Any]) -> set[str]:
    raw = schema.get("dependentSchemas")
    return {str(k) for k in raw} if isinstance(raw, dict) else set()


def check(pair: SchemaPair) -> Iterator[Finding]:
    old, new = _required_map(pair.base), _required_map(pair.revision)
    if old != new:
        for key in sorted(set(old) | set(new)):
            before, after = old.get(key, set()), new.get(key, set())
            if after - before:
                yield finding(
                    DEPENDENT_REQUIRED_ADDED,
                    f"with {key!r}, {listed(after - before)} now also required",
                )
            if before - after:
                yield finding(
                    DEPENDENT_REQUIRED_REMOVED,
                    f"with {key!r}, {listed(before - after)} no longer required",
                )
    old_keys, new_keys = _schema_keys(pair.base), _schema_keys(pair.revision)
    if new_keys - old_keys:
        yield finding(
            DEPENDENT_SCHEMA_ADDED, f"dependent schemas added for {listed(new_keys - old_keys)}"
        )
    if old_keys - new_keys:
        yield finding(
            DEPENDENT_SCHEMA_REMOVED, f"dependent schemas removed for {listed(old_keys - new_keys)}"
        )
