"""Request parameters (generator/diff/checks/parameters.py)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import DiffOptions
from tests.diff_cases.builders import TODAY, Doc, api, compare, ids, one, op
from tests.diff_cases.checks import (
    NOTICE,
    Case,
    PolicyCase,
    assert_fires,
    assert_quiet,
    case_ids,
)

S: Doc = {"type": "string"}
Q: Doc = {"name": "q", "in": "query", "schema": S}
Q_REQUIRED: Doc = {**Q, "required": True}
IDS: Doc = {"name": "ids", "in": "query", "schema": {"type": "array", "items": S}}


def with_params(*params: Doc) -> Doc:
    return one(op(operationId="listItems", parameters=list(params)))


def q(**extra: Any) -> Doc:
    return {**Q, **extra}


FUTURE, PAST = "2026-06-30", "2025-06-30"

FIRES: list[Case] = [
    ("request-parameter-added-required", with_params(), with_params(Q_REQUIRED)),
    ("request-parameter-added-optional", with_params(), with_params(Q)),
    ("request-parameter-removed", with_params(Q), with_params()),
    (
        "request-parameter-removed-before-sunset",
        with_params(q(deprecated=True, **{"x-sunset": FUTURE})),
        with_params(),
    ),
    ("request-parameter-removed-after-deprecation", with_params(q(deprecated=True)), with_params()),
    ("request-parameter-became-required", with_params(Q), with_params(Q_REQUIRED)),
    ("request-parameter-became-optional", with_params(Q_REQUIRED), with_params(Q)),
    ("request-parameter-location-changed", with_params(Q), with_params(q(**{"in": "header"}))),
    ("request-parameter-deprecated", with_params(Q), with_params(q(deprecated=True))),
    ("request-parameter-reactivated", with_params(q(deprecated=True)), with_params(Q)),
    (
        "request-parameter-sunset-invalid",
        with_params(q(deprecated=True, **{"x-sunset": "bad"})),
        with_params(),
    ),
    (
        "request-parameter-sunset-removed",
        with_params(q(deprecated=True, **{"x-sunset": FUTURE})),
        with_params(q(deprecated=True)),
    ),
    (
        "request-parameter-sunset-moved-earlier",
        with_params(q(deprecated=True, **{"x-sunset": FUTURE})),
        with_params(q(deprecated=True, **{"x-sunset": PAST})),
    ),
    (
        "request-parameter-serialization-changed",
        with_params(IDS),
        with_params({**IDS, "explode": False}),
    ),
    (
        "request-parameter-description-changed",
        with_params(Q),
        with_params(q(description="Search text")),
    ),
]
QUIET: list[Case] = [
    # a path-level parameter moved to the operation is the same parameter
    (
        "request-parameter-added-required",
        api({"/items": {"parameters": [Q_REQUIRED], "get": op(operationId="listItems")}}),
        with_params(Q_REQUIRED),
    ),
    ("request-parameter-added-optional", with_params(Q), with_params(q(schema={"type": "string"}))),
    ("request-parameter-removed", with_params(q(deprecated=True)), with_params()),
    (
        "request-parameter-removed-before-sunset",
        with_params(q(deprecated=True, **{"x-sunset": PAST})),
        with_params(),
    ),
    ("request-parameter-removed-after-deprecation", with_params(Q), with_params()),
    ("request-parameter-became-required", with_params(Q_REQUIRED), with_params(Q_REQUIRED)),
    ("request-parameter-became-optional", with_params(Q), with_params(Q)),
    # header names are case-insensitive
    (
        "request-parameter-location-changed",
        with_params({**Q, "in": "header", "name": "X-Q"}),
        with_params({**Q, "in": "header", "name": "x-q"}),
    ),
    (
        "request-parameter-deprecated",
        with_params(q(deprecated=True)),
        with_params(q(deprecated=True)),
    ),
    ("request-parameter-reactivated", with_params(Q), with_params(q(deprecated=True))),
    (
        "request-parameter-sunset-invalid",
        with_params(q(deprecated=True, **{"x-sunset": PAST})),
        with_params(),
    ),
    (
        "request-parameter-sunset-removed",
        with_params(q(deprecated=True, **{"x-sunset": FUTURE})),
        with_params(Q),
    ),
    (
        "request-parameter-sunset-moved-earlier",
        with_params(q(deprecated=True, **{"x-sunset": PAST})),
        with_params(q(deprecated=True, **{"x-sunset": FUTURE})),
    ),
    # style only matters for arrays and objects
    ("request-parameter-serialization-changed", with_params(Q), with_params(q(explode=False))),
    (
        "request-parameter-description-changed",
        with_params(q(description="a")),
        with_params(q(description=" a ")),
    ),
]
FIRES_WITH_POLICY: list[PolicyCase] = [
    ("request-parameter-sunset-missing", with_params(Q), with_params(q(deprecated=True)), NOTICE),
    (
        "request-parameter-sunset-too-soon",
        with_params(Q),
        with_params(q(deprecated=True, **{"x-sunset": "2026-02-01"})),
        NOTICE,
    ),
]
QUIET_WITH_POLICY: list[PolicyCase] = [
    (
        "request-parameter-sunset-missing",
        with_params(Q),
        with_params(q(deprecated=True)),
        DiffOptions(today=TODAY),
    ),
    (
        "request-parameter-sunset-too-soon",
        with_params(Q),
        with_params(q(deprecated=True, **{"x-sunset": "2027-01-01"})),
        NOTICE,
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


@pytest.mark.parametrize(
    ("rule_id", "base", "revision", "options"), FIRES_WITH_POLICY, ids=case_ids(FIRES_WITH_POLICY)
)
def test_fires_with_policy(rule_id: str, base: Doc, revision: Doc, options: DiffOptions) -> None:
    assert_fires(rule_id, base, revision, options)


@pytest.mark.parametrize(
    ("rule_id", "base", "revision", "options"), QUIET_WITH_POLICY, ids=case_ids(QUIET_WITH_POLICY)
)
def test_quiet_with_policy(rule_id: str, base: Doc, revision: Doc, options: DiffOptions) -> None:
    assert_quiet(rule_id, base, revision, options)


def test_an_operation_parameter_overrides_the_path_parameter_it_names() -> None:
    path_level = api(
        {"/items": {"parameters": [Q], "get": op(operationId="listItems", parameters=[Q_REQUIRED])}}
    )
    assert ids(compare(path_level, with_params(Q_REQUIRED))) == set()
    assert ids(compare(path_level, with_params(Q))) >= {"request-parameter-became-optional"}
