"""Responses: statuses, media types, headers (generator/diff/checks/responses.py,
generator/diff/checks/media_types.py)."""

from __future__ import annotations

import pytest

from tests.diff_cases.builders import OK, Doc, one, op
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids

S: Doc = {"type": "string"}
OBJ: Doc = {"type": "object", "properties": {"a": S}}


def with_responses(responses: Doc) -> Doc:
    return one(op(operationId="getItem", responses=responses))


def ok(*types: str, schema: Doc | None = OBJ) -> Doc:
    return {
        "200": {
            "description": "OK",
            "content": {t: ({"schema": schema} if schema is not None else {}) for t in types},
        }
    }


def headers(**found: Doc) -> Doc:
    return {"200": {"description": "OK", "headers": found}}


HEADER: Doc = {"schema": S}
REQUIRED_HEADER: Doc = {"schema": S, "required": True}
NOT_FOUND: Doc = {"404": {"description": "no"}}

FIRES: list[Case] = [
    ("response-success-status-added", with_responses(OK), with_responses({**OK, "201": OK["200"]})),
    (
        "response-success-status-removed",
        with_responses({**OK, "201": OK["200"]}),
        with_responses(OK),
    ),
    ("response-error-status-added", with_responses(OK), with_responses({**OK, **NOT_FOUND})),
    ("response-error-status-removed", with_responses({**OK, **NOT_FOUND}), with_responses(OK)),
    (
        "response-body-schema-added",
        with_responses(ok("application/json", schema=None)),
        with_responses(ok("application/json")),
    ),
    (
        "response-body-schema-removed",
        with_responses(ok("application/json")),
        with_responses(ok("application/json", schema=None)),
    ),
    (
        "response-media-type-added",
        with_responses(ok("application/json")),
        with_responses(ok("application/json", "text/csv")),
    ),
    (
        "response-media-type-removed",
        with_responses(ok("application/json", "text/csv")),
        with_responses(ok("application/json")),
    ),
    (
        "response-media-type-generalized",
        with_responses(ok("application/problem+json")),
        with_responses(ok("application/json")),
    ),
    (
        "response-media-type-specialized",
        with_responses(ok("application/json")),
        with_responses(ok("application/problem+json")),
    ),
    (
        "response-description-changed",
        with_responses(OK),
        with_responses({"200": {"description": "The item"}}),
    ),
    ("response-header-added", with_responses(OK), with_responses(headers(**{"X-Rate": HEADER}))),
    (
        "response-required-header-removed",
        with_responses(headers(**{"X-Rate": REQUIRED_HEADER})),
        with_responses(OK),
    ),
    (
        "response-optional-header-removed",
        with_responses(headers(**{"X-Rate": HEADER})),
        with_responses(OK),
    ),
    (
        "response-header-became-optional",
        with_responses(headers(**{"X-Rate": REQUIRED_HEADER})),
        with_responses(headers(**{"X-Rate": HEADER})),
    ),
    (
        "response-header-became-required",
        with_responses(headers(**{"X-Rate": HEADER})),
        with_responses(headers(**{"X-Rate": REQUIRED_HEADER})),
    ),
]
QUIET: list[Case] = [
    # an operation without responses gets an untyped default: a real 200 is additive
    ("response-success-status-added", with_responses(OK), with_responses(OK)),
    (
        "response-success-status-removed",
        one(op(operationId="getItem", responses={})),
        with_responses(OK),
    ),
    (
        "response-error-status-added",
        with_responses({**OK, **NOT_FOUND}),
        with_responses({**OK, **NOT_FOUND}),
    ),
    ("response-error-status-removed", with_responses(OK), with_responses({**OK, **NOT_FOUND})),
    (
        "response-body-schema-added",
        with_responses(ok("application/json")),
        with_responses(ok("application/json")),
    ),
    (
        "response-body-schema-removed",
        with_responses(ok("application/json", schema=None)),
        with_responses(ok("application/json")),
    ),
    (
        "response-media-type-added",
        with_responses(ok("application/json")),
        with_responses(ok("application/json; charset=utf-8")),
    ),
    (
        "response-media-type-removed",
        with_responses(ok("application/json")),
        with_responses(ok("application/problem+json")),
    ),
    (
        "response-media-type-generalized",
        with_responses(ok("application/json")),
        with_responses(ok("application/problem+json")),
    ),
    (
        "response-media-type-specialized",
        with_responses(ok("application/problem+json")),
        with_responses(ok("application/json")),
    ),
    (
        "response-description-changed",
        with_responses(OK),
        with_responses({"200": {"description": " OK "}}),
    ),
    # header names are case-insensitive
    (
        "response-header-added",
        with_responses(headers(**{"X-Rate": HEADER})),
        with_responses(headers(**{"x-rate": HEADER})),
    ),
    (
        "response-required-header-removed",
        with_responses(headers(**{"X-Rate": HEADER})),
        with_responses(OK),
    ),
    (
        "response-optional-header-removed",
        with_responses(headers(**{"X-Rate": REQUIRED_HEADER})),
        with_responses(OK),
    ),
    (
        "response-header-became-optional",
        with_responses(headers(**{"X-Rate": HEADER})),
        with_responses(headers(**{"X-Rate": REQUIRED_HEADER})),
    ),
    (
        "response-header-became-required",
        with_responses(headers(**{"X-Rate": REQUIRED_HEADER})),
        with_responses(headers(**{"X-Rate": HEADER})),
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
