"""Type and format (generator/diff/checks/types.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import types
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
INT: Doc = {"type": "integer"}
NUM: Doc = {"type": "number"}

FIRES: list[Case] = [
    *at_places(types.TYPE_CHANGED, S, INT),
    *at_places(types.TYPE_WIDENED, INT, NUM),
    *at_places(types.TYPE_NARROWED, NUM, INT),
]
QUIET: list[Case] = [
    # a wider request type, a narrower response type: not "changed"
    *[c for c in at_places(types.TYPE_CHANGED, INT, NUM) if c[0].startswith("request-")],
    *[c for c in at_places(types.TYPE_CHANGED, NUM, INT) if c[0].startswith("response-")],
    # a type list and the same types as a list in another order
    *at_places(
        types.TYPE_WIDENED, {"type": ["integer", "string"]}, {"type": ["string", "integer"]}
    ),
    *at_places(
        types.TYPE_NARROWED,
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date"},
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_formats_widen_like_types() -> None:
    from tests.diff_cases.builders import compare, ids, schema_at

    int32, int64 = {"type": "integer", "format": "int32"}, {"type": "integer", "format": "int64"}
    assert ids(compare(schema_at("request-body", int32), schema_at("request-body", int64))) == {
        "request-body-type-widened"
    }
    assert ids(compare(schema_at("response-body", int32), schema_at("response-body", int64))) == {
        "response-body-type-changed"
    }
