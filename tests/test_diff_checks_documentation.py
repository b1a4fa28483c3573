"""Documentation inside schemas (generator/diff/checks/documentation.py) and of the document
(generator/diff/checks/document.py)."""

from __future__ import annotations

import pytest

from tests.diff_cases.builders import Doc, one, op, schema_at
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids

S: Doc = {"type": "string"}
BASE = one(op())

FIRES: list[Case] = [
    (
        "schema-description-changed",
        schema_at("request-body", {**S, "description": "x"}),
        schema_at("request-body", {**S, "description": "y"}),
    ),
    ("api-title-changed", BASE, {**BASE, "info": {"title": "store", "version": "1"}}),
    (
        "api-description-changed",
        BASE,
        {**BASE, "info": {"title": "shop", "version": "1", "description": "Shop API"}},
    ),
]
QUIET: list[Case] = [
    # whitespace is not prose
    (
        "schema-description-changed",
        schema_at("request-body", {**S, "description": "a  b"}),
        schema_at("request-body", {**S, "description": "a b\n"}),
    ),
    ("api-title-changed", BASE, {**BASE, "info": {"title": "shop", "version": "2"}}),
    (
        "api-description-changed",
        BASE,
        {**BASE, "info": {"title": "shop", "version": "1", "description": "  "}},
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
