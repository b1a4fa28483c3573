"""oneOf / anyOf / allOf members and unions (generator/diff/checks/composition.py, matching in
generator/diff/unions.py, transitions in generator/diff/walk.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import composition
from tests.diff_cases.builders import Doc, compare, schema_at, wire_breaking, wire_ids
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
TEXT: Doc = {"title": "Text", "type": "string"}
NUMBER: Doc = {"title": "Number", "type": "integer"}
FLAG: Doc = {"title": "Flag", "type": "boolean"}
NAMED: Doc = {
    "A": {"type": "object", "properties": {"a": S}},
    "B": {"type": "object", "properties": {"b": S}},
}


def _ref(name: str) -> Doc:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(*required: str) -> Doc:
    return {"type": "object", "properties": {"a": S, "b": S}, "required": list(required)}


FIRES: list[Case] = [
    *at_places(
        composition.ONE_OF_MEMBER_ADDED, {"oneOf": [TEXT, NUMBER]}, {"oneOf": [TEXT, NUMBER, FLAG]}
    ),
    *at_places(
        composition.ONE_OF_MEMBER_REMOVED,
        {"oneOf": [TEXT, NUMBER, FLAG]},
        {"oneOf": [TEXT, NUMBER]},
    ),
    *at_places(
        composition.ANY_OF_MEMBER_ADDED, {"anyOf": [TEXT, NUMBER]}, {"anyOf": [TEXT, NUMBER, FLAG]}
    ),
    *at_places(
        composition.ANY_OF_MEMBER_REMOVED,
        {"anyOf": [TEXT, NUMBER, FLAG]},
        {"anyOf": [TEXT, NUMBER]},
    ),
    *at_places(
        composition.ALL_OF_MEMBER_ADDED,
        {"allOf": [_ref("A")]},
        {"allOf": [_ref("A"), _ref("B")]},
        schemas=NAMED,
    ),
    *at_places(
        composition.ALL_OF_MEMBER_REMOVED,
        {"allOf": [_ref("A"), _ref("B")]},
        {"allOf": [_ref("A")]},
        schemas=NAMED,
    ),
    *at_places(composition.BECAME_ONE_OF, S, {"oneOf": [TEXT, NUMBER]}),
    *at_places(composition.BECAME_ANY_OF, S, {"anyOf": [TEXT, NUMBER]}),
    *at_places(composition.NO_LONGER_ONE_OF, {"oneOf": [TEXT, NUMBER]}, S),
    *at_places(composition.NO_LONGER_ANY_OF, {"anyOf": [TEXT, NUMBER]}, S),
    *at_places(composition.WRAPPED_IN_ONE_OF, _obj("a", "b"), {"oneOf": [_obj("a"), _obj("b")]}),
]
QUIET: list[Case] = [
    # members matched by meaning, whatever their order or spelling
    *at_places(
        composition.ONE_OF_MEMBER_ADDED, {"oneOf": [TEXT, NUMBER]}, {"oneOf": [NUMBER, TEXT]}
    ),
    *at_places(
        composition.ONE_OF_MEMBER_REMOVED,
        {"oneOf": [_ref("A"), _ref("B")]},
        {"oneOf": [NAMED["A"], _ref("B")]},
        schemas=NAMED,
    ),
    *at_places(
        composition.ANY_OF_MEMBER_ADDED, {"anyOf": [TEXT, NUMBER]}, {"anyOf": [TEXT, NUMBER]}
    ),
    *at_places(composition.ANY_OF_MEMBER_REMOVED, {"anyOf": [S, {"type": "null"}]}, S),
    # allOf of one member is the member; nested allOf is flat allOf
    *at_places(composition.ALL_OF_MEMBER_ADDED, _ref("A"), {"allOf": [_ref("A")]}, schemas=NAMED),
    *at_places(
        composition.ALL_OF_MEMBER_REMOVED,
        {"allOf": [{"allOf": [_ref("A"), _ref("B")]}]},
        {"allOf": [_ref("A"), _ref("B")]},
        schemas=NAMED,
    ),
    # a union of one member (and null) is that member
    *at_places(composition.BECAME_ONE_OF, S, {"oneOf": [S]}),
    *at_places(composition.BECAME_ANY_OF, S, {"anyOf": [S, {"type": "null"}]}),
    *at_places(composition.NO_LONGER_ONE_OF, {"oneOf": [TEXT]}, S),
    *at_places(composition.NO_LONGER_ANY_OF, {"anyOf": [TEXT, NUMBER]}, {"anyOf": [NUMBER, TEXT]}),
    # alternatives of disjoint types cannot both match a value
    *at_places(composition.WRAPPED_IN_ONE_OF, S, {"oneOf": [TEXT, NUMBER]}),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_a_request_that_became_a_union_is_compared_with_its_closest_alternative() -> None:
    report = compare(
        schema_at("request-body", S),
        schema_at("request-body", {"anyOf": [{**S, "maxLength": 3}, NUMBER]}),
    )
    assert wire_ids(report) == {"request-body-became-any-of", "request-body-max-length-set"}


def test_a_response_that_became_a_union_is_compared_with_every_alternative() -> None:
    report = compare(
        schema_at("response-body", S), schema_at("response-body", {"anyOf": [TEXT, NUMBER]})
    )
    assert wire_ids(report) >= {"response-body-became-any-of", "response-body-type-changed"}
    [changed] = [c for c in report.changes if c.id == "response-body-type-changed"]
    assert "anyOf[Number]" in changed.text


def test_a_union_that_became_one_schema_is_compared_per_direction() -> None:
    union = {"anyOf": [TEXT, NUMBER]}
    # callers sent numbers too: the string-only request rejects them
    request = compare(schema_at("request-body", union), schema_at("request-body", S))
    assert "request-body-type-changed" in wire_ids(request)
    # readers knew strings: the string-only response is one of what they knew
    response = compare(schema_at("response-body", union), schema_at("response-body", S))
    assert wire_breaking(response) == []
