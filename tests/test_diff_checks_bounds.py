"""Bounds: numeric ranges, lengths, counts, multipleOf, uniqueItems
(generator/diff/checks/bounds.py)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff.checks import bounds
from generator.diff.rule import SchemaRule
from tests.diff_cases.builders import Doc, compare, ids, schema_at
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
INT: Doc = {"type": "integer"}
ARRAY: Doc = {"type": "array", "items": S}
CONTAINS: Doc = {**ARRAY, "contains": {"const": "x"}}
OBJECT: Doc = {"type": "object"}

# keyword, base schema, (loose value, tight value), rules: set, tightened, loosened, unset
Family = tuple[str, Doc, tuple[Any, Any], tuple[SchemaRule, SchemaRule, SchemaRule, SchemaRule]]
FAMILIES: list[Family] = [
    (
        "maximum",
        INT,
        (10, 5),
        (bounds.MAX_SET, bounds.MAX_TIGHTENED, bounds.MAX_LOOSENED, bounds.MAX_UNSET),
    ),
    (
        "minimum",
        INT,
        (1, 5),
        (bounds.MIN_SET, bounds.MIN_TIGHTENED, bounds.MIN_LOOSENED, bounds.MIN_UNSET),
    ),
    (
        "maxLength",
        S,
        (10, 5),
        (
            bounds.MAX_LENGTH_SET,
            bounds.MAX_LENGTH_TIGHTENED,
            bounds.MAX_LENGTH_LOOSENED,
            bounds.MAX_LENGTH_UNSET,
        ),
    ),
    (
        "minLength",
        S,
        (1, 3),
        (
            bounds.MIN_LENGTH_SET,
            bounds.MIN_LENGTH_TIGHTENED,
            bounds.MIN_LENGTH_LOOSENED,
            bounds.MIN_LENGTH_UNSET,
        ),
    ),
    (
        "maxItems",
        ARRAY,
        (10, 5),
        (
            bounds.MAX_ITEMS_SET,
            bounds.MAX_ITEMS_TIGHTENED,
            bounds.MAX_ITEMS_LOOSENED,
            bounds.MAX_ITEMS_UNSET,
        ),
    ),
    (
        "minItems",
        ARRAY,
        (1, 3),
        (
            bounds.MIN_ITEMS_SET,
            bounds.MIN_ITEMS_TIGHTENED,
            bounds.MIN_ITEMS_LOOSENED,
            bounds.MIN_ITEMS_UNSET,
        ),
    ),
    (
        "maxProperties",
        OBJECT,
        (10, 5),
        (
            bounds.MAX_PROPERTIES_SET,
            bounds.MAX_PROPERTIES_TIGHTENED,
            bounds.MAX_PROPERTIES_LOOSENED,
            bounds.MAX_PROPERTIES_UNSET,
        ),
    ),
    (
        "minProperties",
        OBJECT,
        (1, 3),
        (
            bounds.MIN_PROPERTIES_SET,
            bounds.MIN_PROPERTIES_TIGHTENED,
            bounds.MIN_PROPERTIES_LOOSENED,
            bounds.MIN_PROPERTIES_UNSET,
        ),
    ),
    (
        "maxContains",
        CONTAINS,
        (10, 5),
        (
            bounds.MAX_CONTAINS_SET,
            bounds.MAX_CONTAINS_TIGHTENED,
            bounds.MAX_CONTAINS_LOOSENED,
            bounds.MAX_CONTAINS_UNSET,
        ),
    ),
    (
        "minContains",
        CONTAINS,
        (2, 3),
        (
            bounds.MIN_CONTAINS_SET,
            bounds.MIN_CONTAINS_TIGHTENED,
            bounds.MIN_CONTAINS_LOOSENED,
            bounds.MIN_CONTAINS_UNSET,
        ),
    ),
    (
        "multipleOf",
        INT,
        (2, 4),
        (
            bounds.MULTIPLE_OF_SET,
            bounds.MULTIPLE_OF_TIGHTENED,
            bounds.MULTIPLE_OF_LOOSENED,
            bounds.MULTIPLE_OF_UNSET,
        ),
    ),
]


def _cases() -> tuple[list[Case], list[Case]]:
    fires: list[Case] = []
    quiet: list[Case] = []
    for keyword, base, (loose, tight), (set_, tightened, loosened, unset) in FAMILIES:
        free, loose_doc, tight_doc = base, {**base, keyword: loose}, {**base, keyword: tight}
        fires += at_places(set_, free, tight_doc)
        fires += at_places(tightened, loose_doc, tight_doc)
        fires += at_places(loosened, tight_doc, loose_doc)
        fires += at_places(unset, tight_doc, free)
        quiet += at_places(set_, loose_doc, tight_doc)  # a tightened bound is not "set"
        quiet += at_places(tightened, tight_doc, loose_doc)
        quiet += at_places(loosened, loose_doc, tight_doc)
        quiet += at_places(unset, free, tight_doc)
    unique = {**ARRAY, "uniqueItems": True}
    fires += at_places(bounds.UNIQUE_ITEMS_ADDED, ARRAY, unique)
    fires += at_places(bounds.UNIQUE_ITEMS_REMOVED, unique, ARRAY)
    quiet += at_places(bounds.UNIQUE_ITEMS_ADDED, unique, ARRAY)
    quiet += at_places(bounds.UNIQUE_ITEMS_REMOVED, ARRAY, {**ARRAY, "uniqueItems": False})
    return fires, quiet


FIRES, QUIET = _cases()


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_exclusive_bounds_of_both_dialects_are_one_bound() -> None:
    old_style = {"type": "number", "maximum": 10, "exclusiveMaximum": True}
    new_style = {"type": "number", "exclusiveMaximum": 10}
    assert (
        compare(schema_at("request-body", old_style), schema_at("request-body", new_style)).changes
        == []
    )
    inclusive = {"type": "number", "maximum": 10}
    assert ids(
        compare(schema_at("request-body", inclusive), schema_at("request-body", new_style))
    ) == {"request-body-max-tightened"}


def test_a_divisor_that_is_not_a_multiple_both_tightens_and_loosens() -> None:
    report = compare(
        schema_at("request-body", {**INT, "multipleOf": 2}),
        schema_at("request-body", {**INT, "multipleOf": 3}),
    )
    assert ids(report) == {
        "request-body-multiple-of-tightened",
        "request-body-multiple-of-loosened",
    }
