"""pattern (generator/diff/checks/patterns.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import patterns
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}

FIRES: list[Case] = [
    *at_places(patterns.PATTERN_ADDED, S, {**S, "pattern": "^a"}),
    *at_places(patterns.PATTERN_CHANGED, {**S, "pattern": "^a"}, {**S, "pattern": "^b"}),
    *at_places(patterns.PATTERN_REMOVED, {**S, "pattern": "^a"}, S),
    # a pattern that matches any string is no pattern
    *at_places(patterns.PATTERN_REMOVED, {**S, "pattern": "^a"}, {**S, "pattern": ".*"}),
]
QUIET: list[Case] = [
    *at_places(patterns.PATTERN_ADDED, {**S, "pattern": ""}, S),
    *at_places(patterns.PATTERN_CHANGED, {**S, "pattern": "^a"}, {**S, "pattern": "^a"}),
    *at_places(patterns.PATTERN_REMOVED, S, {**S, "pattern": ".*"}),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
