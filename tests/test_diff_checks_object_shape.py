"""patternProperties, propertyNames, additionalProperties, unevaluatedProperties
(generator/diff/checks/object_shape.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import object_shape
from tests.diff_cases.builders import Doc, compare, schema_at, wire_ids
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

OBJ: Doc = {"type": "object", "properties": {"a": {"type": "string"}}}
PATTERN: Doc = {**OBJ, "patternProperties": {"^x-": {"type": "string"}}}
NAMES: Doc = {**OBJ, "propertyNames": {"pattern": "^[a-z]+$"}}
CLOSED: Doc = {**OBJ, "additionalProperties": False}
MAP: Doc = {**OBJ, "additionalProperties": {"type": "integer"}}
UNEVALUATED: Doc = {**OBJ, "unevaluatedProperties": False}

FIRES: list[Case] = [
    *at_places(object_shape.PATTERN_PROPERTY_ADDED, OBJ, PATTERN),
    *at_places(object_shape.PATTERN_PROPERTY_REMOVED, PATTERN, OBJ),
    *at_places(object_shape.PROPERTY_NAMES_ADDED, OBJ, NAMES),
    *at_places(object_shape.PROPERTY_NAMES_REMOVED, NAMES, OBJ),
    *at_places(object_shape.ADDITIONAL_PROPERTIES_RESTRICTED, OBJ, CLOSED),
    *at_places(object_shape.ADDITIONAL_PROPERTIES_RESTRICTED, MAP, CLOSED),
    *at_places(object_shape.ADDITIONAL_PROPERTIES_ALLOWED, CLOSED, OBJ),
    *at_places(object_shape.UNEVALUATED_PROPERTIES_ADDED, OBJ, UNEVALUATED),
    *at_places(object_shape.UNEVALUATED_PROPERTIES_REMOVED, UNEVALUATED, OBJ),
]
QUIET: list[Case] = [
    *at_places(object_shape.PATTERN_PROPERTY_ADDED, PATTERN, OBJ),
    *at_places(object_shape.PATTERN_PROPERTY_REMOVED, OBJ, PATTERN),
    *at_places(object_shape.PROPERTY_NAMES_ADDED, NAMES, OBJ),
    *at_places(object_shape.PROPERTY_NAMES_REMOVED, OBJ, NAMES),
    # absent, true and {} all allow any other property
    *at_places(
        object_shape.ADDITIONAL_PROPERTIES_RESTRICTED, OBJ, {**OBJ, "additionalProperties": True}
    ),
    *at_places(
        object_shape.ADDITIONAL_PROPERTIES_ALLOWED, {**OBJ, "additionalProperties": {}}, OBJ
    ),
    *at_places(object_shape.UNEVALUATED_PROPERTIES_ADDED, UNEVALUATED, OBJ),
    *at_places(
        object_shape.UNEVALUATED_PROPERTIES_REMOVED, OBJ, {**OBJ, "unevaluatedProperties": True}
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_pattern_property_schemas_on_both_sides_are_compared() -> None:
    tighter = {**OBJ, "patternProperties": {"^x-": {"type": "string", "maxLength": 5}}}
    report = compare(schema_at("request-body", PATTERN), schema_at("request-body", tighter))
    assert wire_ids(report) == {"request-body-max-length-set"}
    assert "'/^x-/'" in report.changes[0].text
