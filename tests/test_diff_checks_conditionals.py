"""if / then / else (generator/diff/checks/conditionals.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import conditionals
from tests.diff_cases.builders import Doc, compare, schema_at, wire_ids
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

OBJ: Doc = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
IF: Doc = {"required": ["a"]}
THEN: Doc = {"required": ["b"]}
ELSE: Doc = {"properties": {"b": {"maxLength": 3}}}
WITH_THEN: Doc = {**OBJ, "if": IF, "then": THEN}
WITH_BOTH: Doc = {**WITH_THEN, "else": ELSE}

FIRES: list[Case] = [
    *at_places(conditionals.IF_ADDED, OBJ, WITH_THEN),
    *at_places(conditionals.IF_REMOVED, WITH_THEN, OBJ),
    *at_places(conditionals.IF_CHANGED, WITH_THEN, {**WITH_THEN, "if": {"required": ["b"]}}),
    *at_places(conditionals.THEN_ADDED, {**OBJ, "if": IF, "else": ELSE}, WITH_BOTH),
    *at_places(conditionals.THEN_REMOVED, WITH_BOTH, {**OBJ, "if": IF, "else": ELSE}),
    *at_places(conditionals.ELSE_ADDED, WITH_THEN, WITH_BOTH),
    *at_places(conditionals.ELSE_REMOVED, WITH_BOTH, WITH_THEN),
]
QUIET: list[Case] = [
    # an if without branches constrains nothing
    *at_places(conditionals.IF_ADDED, OBJ, {**OBJ, "if": IF}),
    *at_places(conditionals.IF_REMOVED, {**OBJ, "if": IF}, OBJ),
    # the same condition, described differently
    *at_places(
        conditionals.IF_CHANGED, WITH_THEN, {**WITH_THEN, "if": {**IF, "description": "has a"}}
    ),
    *at_places(conditionals.THEN_ADDED, OBJ, WITH_THEN),  # the whole condition is if-added
    *at_places(conditionals.THEN_REMOVED, WITH_BOTH, WITH_THEN),
    *at_places(conditionals.ELSE_ADDED, WITH_BOTH, WITH_BOTH),
    *at_places(conditionals.ELSE_REMOVED, WITH_THEN, WITH_BOTH),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_branches_on_both_sides_are_compared_like_sub_schemas() -> None:
    tighter = {**WITH_BOTH, "else": {"properties": {"b": {"maxLength": 2}}}}
    report = compare(schema_at("request-body", WITH_BOTH), schema_at("request-body", tighter))
    assert wire_ids(report) == {"request-body-max-length-tightened"}
    assert "'else.b'" in report.changes[0].text
