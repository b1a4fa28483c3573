"""const (generator/diff/checks/const.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import const
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}

FIRES: list[Case] = [
    *at_places(const.CONST_ADDED, S, {**S, "const": "a"}),
    *at_places(const.CONST_REMOVED, {**S, "const": "a"}, S),
    *at_places(const.CONST_CHANGED, {**S, "const": "a"}, {**S, "const": "b"}),
]
QUIET: list[Case] = [
    *at_places(const.CONST_ADDED, {**S, "const": "a"}, {**S, "const": "a"}),
    # next to an enum, const is part of the allowed values (the enum check reports)
    *at_places(const.CONST_REMOVED, {**S, "const": "a"}, {**S, "enum": ["a"]}),
    *at_places(
        const.CONST_CHANGED,
        {**S, "enum": ["a", "b"], "const": "a"},
        {**S, "enum": ["a", "b"], "const": "b"},
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
