"""Request bodies and media types (generator/diff/checks/request_body.py,
generator/diff/checks/media_types.py)."""

from __future__ import annotations

import pytest

from tests.diff_cases.builders import Doc, json_body, one, op
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids

S: Doc = {"type": "string"}
OBJ: Doc = {"type": "object", "properties": {"a": S}}


def with_body(body: Doc | None) -> Doc:
    operation = op(operationId="createItem")
    if body is not None:
        operation["requestBody"] = body
    return one(operation, method="post")


def content(*types: str, schema: Doc | None = OBJ) -> Doc:
    return {"content": {t: ({"schema": schema} if schema is not None else {}) for t in types}}


BODY = json_body(OBJ)
REQUIRED = {**BODY, "required": True}

FIRES: list[Case] = [
    ("request-body-added-required", with_body(None), with_body(REQUIRED)),
    ("request-body-added-optional", with_body(None), with_body(BODY)),
    ("request-body-removed", with_body(BODY), with_body(None)),
    ("request-body-became-required", with_body(BODY), with_body(REQUIRED)),
    ("request-body-became-optional", with_body(REQUIRED), with_body(BODY)),
    (
        "request-body-schema-added",
        with_body(content("application/json", schema=None)),
        with_body(BODY),
    ),
    (
        "request-body-schema-removed",
        with_body(BODY),
        with_body(content("application/json", schema=None)),
    ),
    (
        "request-body-description-changed",
        with_body(BODY),
        with_body({**BODY, "description": "The item"}),
    ),
    (
        "request-body-media-type-added",
        with_body(BODY),
        with_body(content("application/json", "application/xml")),
    ),
    (
        "request-body-media-type-removed",
        with_body(content("application/json", "application/xml")),
        with_body(BODY),
    ),
    (
        "request-body-media-type-generalized",
        with_body(content("application/merge-patch+json")),
        with_body(BODY),
    ),
    (
        "request-body-media-type-specialized",
        with_body(BODY),
        with_body(content("application/merge-patch+json")),
    ),
]
QUIET: list[Case] = [
    ("request-body-added-required", with_body(None), with_body(BODY)),
    ("request-body-added-optional", with_body(BODY), with_body(BODY)),
    ("request-body-removed", with_body(REQUIRED), with_body(BODY)),
    ("request-body-became-required", with_body(REQUIRED), with_body({**REQUIRED})),
    ("request-body-became-optional", with_body(BODY), with_body(REQUIRED)),
    ("request-body-schema-added", with_body(BODY), with_body(BODY)),
    (
        "request-body-schema-removed",
        with_body(content("application/json", schema=None)),
        with_body(content("application/json", schema=None)),
    ),
    ("request-body-description-changed", with_body(BODY), with_body(REQUIRED)),
    # media type parameters do not matter
    (
        "request-body-media-type-added",
        with_body(BODY),
        with_body(content("application/json; charset=utf-8")),
    ),
    (
        "request-body-media-type-removed",
        with_body(content("application/json; charset=utf-8")),
        with_body(BODY),
    ),
    (
        "request-body-media-type-generalized",
        with_body(BODY),
        with_body(content("application/merge-patch+json")),
    ),
    (
        "request-body-media-type-specialized",
        with_body(content("application/merge-patch+json")),
        with_body(BODY),
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
