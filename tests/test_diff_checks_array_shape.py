"""contains, unevaluatedItems and tuple positions (generator/diff/checks/array_shape.py;
prefixItems in generator/diff/walk.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import array_shape
from tests.diff_cases.builders import Doc, compare, schema_at, wire_ids
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

ARRAY: Doc = {"type": "array", "items": {"type": "string"}}
CONTAINS: Doc = {**ARRAY, "contains": {"const": "admin"}}
UNEVALUATED: Doc = {**ARRAY, "unevaluatedItems": False}

FIRES: list[Case] = [
    *at_places(array_shape.CONTAINS_ADDED, ARRAY, CONTAINS),
    *at_places(array_shape.CONTAINS_REMOVED, CONTAINS, ARRAY),
    *at_places(array_shape.UNEVALUATED_ITEMS_ADDED, ARRAY, UNEVALUATED),
    *at_places(array_shape.UNEVALUATED_ITEMS_REMOVED, UNEVALUATED, ARRAY),
]
QUIET: list[Case] = [
    *at_places(array_shape.CONTAINS_ADDED, CONTAINS, ARRAY),
    *at_places(array_shape.CONTAINS_REMOVED, ARRAY, {**ARRAY, "contains": {}}),
    *at_places(array_shape.UNEVALUATED_ITEMS_ADDED, ARRAY, {**ARRAY, "unevaluatedItems": True}),
    *at_places(array_shape.UNEVALUATED_ITEMS_REMOVED, ARRAY, UNEVALUATED),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_a_tuple_position_is_compared_with_the_schema_that_governed_it() -> None:
    tuple_ = {**ARRAY, "prefixItems": [{"type": "integer"}]}
    # position 0 held strings (items), now integers: both directions break
    for place, rule_id in (
        ("request-body", "request-body-type-changed"),
        ("response-body", "response-body-type-changed"),
    ):
        report = compare(schema_at(place, ARRAY), schema_at(place, tuple_))
        assert wire_ids(report) == {rule_id}
        (change,) = [c for c in report.changes if c.id == rule_id]
        assert "'[0]'" in change.text
    # a position added to a tuple of unconstrained items narrows requests only
    free = {"type": "array"}
    narrowed = {"type": "array", "prefixItems": [{"type": "integer"}]}
    assert wire_ids(
        compare(schema_at("request-body", free), schema_at("request-body", narrowed))
    ) == {"request-body-type-changed"}
    assert wire_ids(
        compare(schema_at("response-body", free), schema_at("response-body", narrowed))
    ) == {"response-body-type-narrowed"}


def test_contains_schemas_on_both_sides_are_compared() -> None:
    other = {**ARRAY, "contains": {"const": "root"}}
    report = compare(schema_at("request-body", CONTAINS), schema_at("request-body", other))
    assert wire_ids(report) == {"request-body-const-changed"}
