"""Default values (generator/diff/checks/schema_defaults.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import schema_defaults
from tests.diff_cases.builders import Doc, compare, find, schema_at
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
X: Doc = {**S, "default": "x"}
Y: Doc = {**S, "default": "y"}

FIRES: list[Case] = [
    *at_places(schema_defaults.DEFAULT_ADDED, S, X),
    *at_places(schema_defaults.DEFAULT_CHANGED, X, Y),
    *at_places(schema_defaults.DEFAULT_REMOVED, X, S),
]
QUIET: list[Case] = [
    *at_places(schema_defaults.DEFAULT_ADDED, X, Y),
    *at_places(schema_defaults.DEFAULT_CHANGED, X, {**X, "description": "the x"}),
    *at_places(schema_defaults.DEFAULT_REMOVED, S, X),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_a_parameter_default_changed_is_breaking_a_body_default_a_warning() -> None:
    [param] = find(
        compare(schema_at("request-parameter", X), schema_at("request-parameter", Y)),
        "request-parameter-default-changed",
    )
    [body] = find(
        compare(schema_at("request-body", X), schema_at("request-body", Y)),
        "request-body-default-changed",
    )
    assert (param.level, body.level) == ("breaking", "warning")
