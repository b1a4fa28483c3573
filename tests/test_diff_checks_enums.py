"""Enum values and x-extensible-enum (generator/diff/checks/enums.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import enums
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
AB: Doc = {**S, "enum": ["a", "b"]}
A: Doc = {**S, "enum": ["a"]}
X_AB: Doc = {**S, "x-extensible-enum": ["a", "b"]}
X_A: Doc = {**S, "x-extensible-enum": ["a"]}

FIRES: list[Case] = [
    *at_places(enums.ENUM_VALUE_ADDED, A, AB),
    *at_places(enums.ENUM_VALUE_REMOVED, AB, A),
    *at_places(enums.BECAME_ENUM, S, A),
    *at_places(enums.ENUM_REMOVED, A, S),
    *at_places(enums.EXTENSIBLE_ENUM_VALUE_ADDED, X_A, X_AB),
    *at_places(enums.EXTENSIBLE_ENUM_VALUE_REMOVED, X_AB, X_A),
]
QUIET: list[Case] = [
    *at_places(enums.ENUM_VALUE_ADDED, AB, A),
    *at_places(enums.ENUM_VALUE_REMOVED, A, AB),
    # a one-value enum and the same value as const say the same
    *at_places(enums.BECAME_ENUM, {**S, "const": "a"}, A),
    *at_places(enums.ENUM_REMOVED, A, {**S, "const": "a"}),
    *at_places(enums.EXTENSIBLE_ENUM_VALUE_ADDED, X_AB, X_A),
    *at_places(enums.EXTENSIBLE_ENUM_VALUE_REMOVED, X_A, X_AB),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_an_inline_enum_moved_into_a_component_changes_nothing() -> None:
    from tests.diff_cases.builders import compare, schema_at

    inline = {"type": "object", "properties": {"role": {"anyOf": [AB, {"type": "null"}]}}}
    moved = {
        "type": "object",
        "properties": {
            "role": {"anyOf": [{"$ref": "#/components/schemas/Role"}, {"type": "null"}]}
        },
    }
    schemas = {"Role": {**AB, "title": "Role"}}
    report = compare(
        schema_at("request-body", inline, schemas=schemas),
        schema_at("request-body", moved, schemas=schemas),
    )
    assert not report.has("breaking") and not report.has("warning")
    assert {c.id for c in report.changes} <= {"schema-description-changed"}
