"""Object properties: presence, requiredness, readOnly/writeOnly per direction, deprecation,
sunset and stability (generator/diff/checks/properties.py)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import DiffOptions
from tests.diff_cases.builders import TODAY, Doc, schema_at
from tests.diff_cases.checks import NOTICE, Case, PolicyCase, assert_fires, assert_quiet, case_ids

S: Doc = {"type": "string"}


def _obj(props: dict[str, Any], required: tuple[str, ...] = ()) -> Doc:
    return {"type": "object", "properties": props, "required": list(required)}


A = {"a": S}
AB = {"a": S, "b": S}


def _req(rule_id: str, old: Doc, new: Doc) -> Case:
    return (rule_id, schema_at("request-body", old), schema_at("request-body", new))


def _resp(rule_id: str, old: Doc, new: Doc) -> Case:
    return (rule_id, schema_at("response-body", old), schema_at("response-body", new))


def _with(**extra: Any) -> dict[str, Any]:
    return {"a": {**S, **extra}}


DEPRECATED = _with(deprecated=True)
BAD_SUNSET = _with(deprecated=True, **{"x-sunset": "soon"})
STABLE, BETA = _with(**{"x-stability-level": "stable"}), _with(**{"x-stability-level": "beta"})

FIRES: list[Case] = [
    _req("request-property-added-required", _obj(A), _obj(AB, ("b",))),
    _req("request-property-added-optional", _obj(A), _obj(AB)),
    _req("request-property-removed", _obj(AB), _obj(A)),
    _req("request-property-became-required", _obj(A), _obj(A, ("a",))),
    _req("request-property-became-optional", _obj(A, ("a",)), _obj(A)),
    _req("request-property-became-read-only", _obj(A), _obj(_with(readOnly=True))),
    _req("request-property-deprecated", _obj(A), _obj(DEPRECATED)),
    _req("request-property-reactivated", _obj(DEPRECATED), _obj(A)),
    _req("request-property-sunset-invalid", _obj(A), _obj(BAD_SUNSET)),
    _req("request-property-stability-decreased", _obj(STABLE), _obj(BETA)),
    _req("request-property-stability-increased", _obj(BETA), _obj(STABLE)),
    _resp("response-property-added", _obj(A), _obj(AB)),
    _resp("response-required-property-removed", _obj(AB, ("b",)), _obj(A)),
    _resp("response-optional-property-removed", _obj(AB), _obj(A)),
    _resp("response-property-became-optional", _obj(A, ("a",)), _obj(A)),
    _resp("response-property-became-required", _obj(A), _obj(A, ("a",))),
    _resp("response-property-became-write-only", _obj(A, ("a",)), _obj(_with(writeOnly=True))),
    _resp("response-property-deprecated", _obj(A), _obj(DEPRECATED)),
    _resp("response-property-reactivated", _obj(DEPRECATED), _obj(A)),
    _resp("response-property-sunset-invalid", _obj(A), _obj(BAD_SUNSET)),
    _resp("response-property-stability-decreased", _obj(STABLE), _obj(BETA)),
    _resp("response-property-stability-increased", _obj(BETA), _obj(STABLE)),
]
QUIET: list[Case] = [
    # readOnly properties are not part of requests, writeOnly ones not of responses
    _req(
        "request-property-added-required",
        _obj(A),
        _obj({**A, "id": {**S, "readOnly": True}}, ("id",)),
    ),
    _req("request-property-added-optional", _obj(A), _obj({**A, "id": {**S, "readOnly": True}})),
    _req("request-property-removed", _obj({**A, "id": {**S, "readOnly": True}}), _obj(A)),
    _req(
        "request-property-became-required",
        _obj({**A, "id": {**S, "readOnly": True}}),
        _obj({**A, "id": {**S, "readOnly": True}}, ("id",)),
    ),
    _req("request-property-became-optional", _obj(A, ("a",)), _obj(A, ("a",))),
    # next to declared properties, a required name that is not declared is read as a slip
    _req("request-property-became-required", _obj(A), _obj(A, ("undeclared",))),
    _req("request-property-became-read-only", _obj(_with(readOnly=True)), _obj(A)),
    _req("request-property-deprecated", _obj(DEPRECATED), _obj(DEPRECATED)),
    _req("request-property-reactivated", _obj(A), _obj(DEPRECATED)),
    _req(
        "request-property-sunset-invalid",
        _obj(A),
        _obj(_with(deprecated=True, **{"x-sunset": "2030-01-01"})),
    ),
    _req("request-property-stability-decreased", _obj(BETA), _obj(STABLE)),
    _req("request-property-stability-increased", _obj(STABLE), _obj(BETA)),
    _resp("response-property-added", _obj(A), _obj({**A, "secret": {**S, "writeOnly": True}})),
    _resp("response-required-property-removed", _obj(A, ("a",)), _obj(_with(writeOnly=True))),
    _resp(
        "response-optional-property-removed",
        _obj({**A, "secret": {**S, "writeOnly": True}}),
        _obj(A),
    ),
    _resp("response-property-became-optional", _obj(A, ("a",)), _obj(_with(writeOnly=True))),
    _resp("response-property-became-required", _obj(A, ("a",)), _obj(A, ("a",))),
    _resp(
        "response-property-became-write-only",
        _obj(_with(writeOnly=True)),
        _obj(_with(writeOnly=True)),
    ),
    _resp("response-property-deprecated", _obj(A), _obj(A)),
    _resp("response-property-reactivated", _obj(DEPRECATED), _obj(DEPRECATED)),
    _resp(
        "response-property-sunset-invalid",
        _obj(DEPRECATED),
        _obj(_with(deprecated=True, **{"x-sunset": "2030-01-01"})),
    ),
    _resp(
        "response-property-stability-decreased",
        _obj(_with(**{"x-stability-level": "alpha"})),
        _obj(_with(**{"x-stability-level": "draft"})),
    ),
    _resp("response-property-stability-increased", _obj(STABLE), _obj(A)),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


SOON = _with(deprecated=True, **{"x-sunset": "2026-02-01"})
LATER = _with(deprecated=True, **{"x-sunset": "2026-12-31"})

FIRES_WITH_POLICY: list[PolicyCase] = [
    (*_req("request-property-sunset-missing", _obj(A), _obj(DEPRECATED)), NOTICE),
    (*_req("request-property-sunset-too-soon", _obj(A), _obj(SOON)), NOTICE),
    (*_resp("response-property-sunset-missing", _obj(A), _obj(DEPRECATED)), NOTICE),
    (*_resp("response-property-sunset-too-soon", _obj(A), _obj(SOON)), NOTICE),
]
QUIET_WITH_POLICY: list[PolicyCase] = [
    # no notice period configured: a bare deprecation is fine
    (*_req("request-property-sunset-missing", _obj(A), _obj(DEPRECATED)), DiffOptions(today=TODAY)),
    (*_req("request-property-sunset-too-soon", _obj(A), _obj(LATER)), NOTICE),
    (*_resp("response-property-sunset-missing", _obj(A), _obj(LATER)), NOTICE),
    # alpha properties need no notice
    (
        *_resp(
            "response-property-sunset-too-soon",
            _obj(A),
            _obj({"a": {**SOON["a"], "x-stability-level": "alpha"}}),
        ),
        NOTICE,
    ),
]


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
