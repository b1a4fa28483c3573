"""Operations: existence, lifecycle (deprecation, x-sunset, x-stability-level), metadata
(generator/diff/checks/operations.py), and the exemption of draft/alpha operations
(generator/diff/engine.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.diff import DiffOptions
from tests.diff_cases.builders import TODAY, Doc, api, compare, find, one, op, wire_breaking
from tests.diff_cases.checks import (
    NOTICE,
    Case,
    PolicyCase,
    assert_fires,
    assert_quiet,
    case_ids,
)

GET = op(operationId="listItems")
BASE = one(GET)
TWO = api({"/items": {"get": GET, "post": op(operationId="createItem")}})


def _get(**extra: Any) -> Doc:
    return one({**copy.deepcopy(GET), **extra})


def _two(**extra: Any) -> Doc:
    return api({"/items": {"get": GET, "post": op(operationId="createItem", **extra)}})


PAST, FUTURE, LATER = "2025-06-30", "2026-06-30", "2027-06-30"

FIRES: list[Case] = [
    ("operation-added", BASE, TWO),
    ("operation-removed", TWO, BASE),
    ("operation-removed-before-sunset", _two(deprecated=True, **{"x-sunset": FUTURE}), BASE),
    ("operation-removed-after-deprecation", _two(deprecated=True, **{"x-sunset": PAST}), BASE),
    ("operation-deprecated", BASE, _get(deprecated=True)),
    ("operation-reactivated", _get(deprecated=True), BASE),
    ("operation-sunset-invalid", BASE, _get(deprecated=True, **{"x-sunset": "next spring"})),
    (
        "operation-sunset-removed",
        _get(deprecated=True, **{"x-sunset": FUTURE}),
        _get(deprecated=True),
    ),
    (
        "operation-sunset-moved-earlier",
        _get(deprecated=True, **{"x-sunset": FUTURE}),
        _get(deprecated=True, **{"x-sunset": PAST}),
    ),
    (
        "operation-stability-decreased",
        _get(**{"x-stability-level": "stable"}),
        _get(**{"x-stability-level": "beta"}),
    ),
    ("operation-stability-increased", _get(**{"x-stability-level": "beta"}), BASE),
    ("operation-stability-invalid", BASE, _get(**{"x-stability-level": "ga"})),
    ("operation-id-changed", BASE, _get(operationId="listAllItems")),
    ("operation-summary-changed", BASE, _get(summary="List items")),
    ("operation-description-changed", BASE, _get(description="All items.")),
    ("operation-tags-changed", BASE, _get(tags=["items"])),
    (
        "request-path-parameter-renamed",
        one(op(operationId="getItem"), path="/items/{id}"),
        one(op(operationId="getItem"), path="/items/{itemId}"),
    ),
]
QUIET: list[Case] = [
    ("operation-added", TWO, TWO),
    ("operation-removed", _two(deprecated=True), BASE),
    ("operation-removed-before-sunset", _two(deprecated=True, **{"x-sunset": PAST}), BASE),
    ("operation-removed-after-deprecation", TWO, BASE),
    ("operation-deprecated", _get(deprecated=True), _get(deprecated=True, **{"x-sunset": FUTURE})),
    ("operation-reactivated", BASE, _get(deprecated=True)),
    (
        "operation-sunset-invalid",
        BASE,
        _get(deprecated=True, **{"x-sunset": "2026-06-30T00:00:00Z"}),
    ),
    ("operation-sunset-removed", _get(deprecated=True, **{"x-sunset": FUTURE}), BASE),
    (
        "operation-sunset-moved-earlier",
        _get(deprecated=True, **{"x-sunset": FUTURE}),
        _get(deprecated=True, **{"x-sunset": LATER}),
    ),
    (
        "operation-stability-decreased",
        _get(**{"x-stability-level": "alpha"}),
        _get(**{"x-stability-level": "draft"}),
    ),
    ("operation-stability-increased", BASE, _get(**{"x-stability-level": "stable"})),
    ("operation-stability-invalid", BASE, _get(**{"x-stability-level": "beta"})),
    # an invalid level that did not change is not news
    (
        "operation-stability-invalid",
        _get(**{"x-stability-level": "ga"}),
        _get(summary="x", **{"x-stability-level": "ga"}),
    ),
    ("operation-id-changed", BASE, _get(operationId="listItems")),
    ("operation-summary-changed", _get(summary="List items"), _get(summary="List  items")),
    ("operation-description-changed", BASE, _get(summary="All items.")),
    ("operation-tags-changed", _get(tags=["items"]), _get(tags=["items"])),
    (
        "request-path-parameter-renamed",
        one(op(operationId="getItem"), path="/items/{id}"),
        one(op(operationId="getItem"), path="/items/{id}"),
    ),
]
FIRES_WITH_POLICY: list[PolicyCase] = [
    ("operation-sunset-missing", BASE, _get(deprecated=True), NOTICE),
    (
        "operation-sunset-too-soon",
        BASE,
        _get(deprecated=True, **{"x-sunset": "2026-02-01"}),
        NOTICE,
    ),
]
QUIET_WITH_POLICY: list[PolicyCase] = [
    ("operation-sunset-missing", BASE, _get(deprecated=True), DiffOptions(today=TODAY)),
    ("operation-sunset-too-soon", BASE, _get(deprecated=True, **{"x-sunset": LATER}), NOTICE),
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


def test_changes_of_an_alpha_operation_are_shown_but_waived() -> None:
    q = {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
    alpha = {"x-stability-level": "alpha"}
    report = compare(_get(**alpha), _get(**alpha, parameters=[q]))
    [added] = find(report, "request-parameter-added-required")
    assert added.level == "breaking" and added.waived is not None
    assert "alpha" in added.waived
    assert not report.has("breaking")
    assert report.bump == "minor"


def test_removing_a_draft_operation_is_waived_and_a_stable_one_is_not() -> None:
    draft = _two(**{"x-stability-level": "draft"})
    assert wire_breaking(compare(draft, BASE))[0].waived is not None
    assert compare(TWO, BASE).has("breaking")


def test_an_operation_losing_stability_is_breaking_even_when_it_becomes_draft() -> None:
    report = compare(
        _get(**{"x-stability-level": "stable"}), _get(**{"x-stability-level": "draft"})
    )
    [decreased] = find(report, "operation-stability-decreased")
    assert decreased.waived is None and report.has("breaking")


def test_a_removed_deprecated_operation_still_removes_the_client_method() -> None:
    report = compare(_two(deprecated=True), BASE)
    assert [c.id for c in wire_breaking(report)] == []
    assert find(report, "client-method-removed")[0].level == "breaking"
