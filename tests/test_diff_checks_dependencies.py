"""dependentRequired and dependentSchemas (generator/diff/checks/dependencies.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import dependencies
from tests.diff_cases.builders import Doc, compare, schema_at, wire_ids
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

OBJ: Doc = {"type": "object", "properties": {"card": {"type": "string"}, "cvc": {"type": "string"}}}
REQ_ONE: Doc = {**OBJ, "dependentRequired": {"card": ["cvc"]}}
REQ_TWO: Doc = {**OBJ, "dependentRequired": {"card": ["cvc", "zip"]}}
SCHEMA: Doc = {**OBJ, "dependentSchemas": {"card": {"required": ["cvc"]}}}

FIRES: list[Case] = [
    *at_places(dependencies.DEPENDENT_REQUIRED_ADDED, OBJ, REQ_ONE),
    *at_places(dependencies.DEPENDENT_REQUIRED_ADDED, REQ_ONE, REQ_TWO),
    *at_places(dependencies.DEPENDENT_REQUIRED_REMOVED, REQ_TWO, REQ_ONE),
    *at_places(dependencies.DEPENDENT_SCHEMA_ADDED, OBJ, SCHEMA),
    *at_places(dependencies.DEPENDENT_SCHEMA_REMOVED, SCHEMA, OBJ),
]
QUIET: list[Case] = [
    *at_places(dependencies.DEPENDENT_REQUIRED_ADDED, REQ_TWO, REQ_ONE),
    *at_places(
        dependencies.DEPENDENT_REQUIRED_REMOVED,
        REQ_ONE,
        {**OBJ, "dependentRequired": {"card": ["cvc"]}},
    ),
    *at_places(dependencies.DEPENDENT_SCHEMA_ADDED, SCHEMA, OBJ),
    *at_places(dependencies.DEPENDENT_SCHEMA_REMOVED, OBJ, SCHEMA),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_dependent_schemas_on_both_sides_are_compared_like_sub_schemas() -> None:
    wider = {**OBJ, "dependentSchemas": {"card": {"required": []}}}
    report = compare(schema_at("response-body", SCHEMA), schema_at("response-body", wider))
    assert "'dependentSchemas[card].cvc'" in " ".join(c.text for c in report.changes)
    assert wire_ids(report) == {"response-property-became-optional"}
