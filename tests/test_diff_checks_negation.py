"""not (generator/diff/checks/negation.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import negation
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
NOT_EMPTY: Doc = {**S, "not": {"const": ""}}
NOT_NAMED: Doc = {**S, "not": {"$ref": "#/components/schemas/Empty"}}
SCHEMAS: Doc = {"Empty": {"const": "", "title": "Empty"}}

FIRES: list[Case] = [
    *at_places(negation.NOT_ADDED, S, NOT_EMPTY),
    *at_places(negation.NOT_REMOVED, NOT_EMPTY, S),
    *at_places(negation.NOT_CHANGED, NOT_EMPTY, {**S, "not": {"const": "none"}}),
]
QUIET: list[Case] = [
    *at_places(negation.NOT_ADDED, NOT_EMPTY, S),
    *at_places(negation.NOT_REMOVED, S, NOT_EMPTY),
    # the same excluded value, inline or through a reference
    *at_places(negation.NOT_CHANGED, NOT_EMPTY, NOT_NAMED, schemas=SCHEMAS),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
