"""Nullability in its three spellings (generator/diff/checks/nullability.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import nullability
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
NULLABLE_30: Doc = {**S, "nullable": True}
NULLABLE_31: Doc = {"type": ["string", "null"]}
NULLABLE_UNION: Doc = {"anyOf": [S, {"type": "null"}]}

FIRES: list[Case] = [
    *at_places(nullability.BECAME_NULLABLE, S, NULLABLE_30),
    *at_places(nullability.BECAME_NOT_NULLABLE, NULLABLE_31, S),
]
QUIET: list[Case] = [
    *at_places(nullability.BECAME_NULLABLE, NULLABLE_30, NULLABLE_31),
    *at_places(nullability.BECAME_NOT_NULLABLE, NULLABLE_31, NULLABLE_UNION),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_a_nullable_wrap_of_a_reference_is_only_a_nullability_change() -> None:
    from tests.diff_cases.builders import compare, schema_at

    schemas = {"Mode": {"type": "string", "enum": ["a", "b"]}}
    ref = {"$ref": "#/components/schemas/Mode"}
    wrapped = {"oneOf": [{"type": "null"}, ref]}
    report = compare(
        schema_at("response-body", ref, schemas=schemas),
        schema_at("response-body", wrapped, schemas=schemas),
    )
    wire = [(c.id, c.level) for c in report.changes if not c.id.startswith("client-")]
    assert wire == [("response-body-became-nullable", "breaking")]
