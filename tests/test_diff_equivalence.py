"""No false alarms: documents that mean the same thing report nothing.

Expected outcomes for references (see generator.diff.surface): a schema extracted into a
component, or a component inlined while it stays defined, reports nothing; a component that is
inlined and deleted reports only that its named model class disappeared (tested in
test_diff_surface).
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diff import diff, load_side, side_from_document
from generator.spec.load import load_file, parse_document
from generator.spec.swagger2 import convert_swagger2
from tests.diff_cases.builders import Doc, api, compare, json_body, op, schema_at

REPO = Path(__file__).resolve().parents[1]
# The example fleet's orders API (Swagger 2.0); its fixture copy if the live one moved.
_ORDERS_CANDIDATES = (
    REPO / "specs" / "orders" / "prod.json",
    REPO / "tests" / "fixtures" / "fleet" / "orders" / "prod.json",
)
ORDERS = next((p for p in _ORDERS_CANDIDATES if p.is_file()), _ORDERS_CANDIDATES[0])
S: Doc = {"type": "string"}


def _shuffled(value: Any, rnd: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rnd.shuffle(items)
        return {k: _shuffled(v, rnd) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rnd) for v in value]
    return value


@pytest.fixture(scope="module")
def orders() -> Doc:
    if not ORDERS.is_file():
        pytest.fail(f"the example fleet document is missing: expected {ORDERS}")
    return load_file(ORDERS).data


def test_the_example_fleet_document_against_itself(orders: Doc) -> None:
    side = load_side(str(ORDERS), repo=REPO)
    report = diff(side, load_side(str(ORDERS), repo=REPO))
    assert report.changes == []
    assert report.bump == "none"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_key_order_does_not_matter(orders: Doc, seed: int) -> None:
    report = compare(orders, _shuffled(orders, random.Random(seed)))
    assert report.changes == []
    assert report.bump == "none"


def test_yaml_and_json_of_one_document(orders: Doc) -> None:
    as_yaml = yaml.safe_dump(orders, sort_keys=False).encode()
    from_yaml = parse_document(as_yaml, "orders.yaml")
    assert from_yaml.syntax == "yaml"
    report = diff(side_from_document(orders), side_from_document(from_yaml.data))
    assert report.changes == []


def test_swagger_2_and_its_openapi_3_conversion(orders: Doc) -> None:
    if "swagger" not in orders:
        pytest.skip(f"{ORDERS} is no longer Swagger 2.0 (the inline Swagger test still runs)")
    converted, _ = convert_swagger2(orders)
    assert converted["openapi"].startswith("3.")
    report = compare(orders, converted)
    assert report.changes == []
    assert report.bump == "none"


def test_inline_swagger_2_with_form_body_and_security_and_its_conversion() -> None:
    swagger = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "abc.execute-api.us-east-1.amazonaws.com",
        "basePath": "/prod",
        "schemes": ["https"],
        "securityDefinitions": {
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "sigv4": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "awsSigv4",
            },
        },
        "paths": {
            "/items/{itemId}": {
                "parameters": [
                    {"name": "itemId", "in": "path", "required": True, "type": "string"}
                ],
                "put": {
                    "consumes": ["application/json"],
                    "produces": ["application/json"],
                    "parameters": [
                        {
                            "name": "tags",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "string"},
                            "collectionFormat": "csv",
                        },
                        {
                            "name": "Item",
                            "in": "body",
                            "required": True,
                            "schema": {"$ref": "#/definitions/Item"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "schema": {"$ref": "#/definitions/Item"},
                            "headers": {"X-Rate": {"type": "integer"}},
                        }
                    },
                    "security": [{"sigv4": []}, {"api_key": []}],
                },
            },
            "/upload": {
                "post": {
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [
                        {"name": "file", "in": "formData", "type": "string", "required": True}
                    ],
                    "responses": {"201": {"description": "created"}},
                }
            },
        },
        "definitions": {
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 20},
                    "price": {"type": "number", "minimum": 0},
                },
            }
        },
    }
    converted, _ = convert_swagger2(swagger)
    assert compare(swagger, converted).changes == []


def test_path_level_and_operation_level_parameters() -> None:
    param = {"name": "itemId", "in": "path", "required": True, "schema": S}
    query = {"name": "q", "in": "query", "schema": S}
    at_path = api(
        {"/items/{itemId}": {"parameters": [param, query], "get": op(operationId="getItem")}}
    )
    at_operation = api(
        {"/items/{itemId}": {"get": op(operationId="getItem", parameters=[param, query])}}
    )
    assert compare(at_path, at_operation).changes == []
    assert compare(at_operation, at_path).changes == []


def test_a_ref_parameter_and_the_same_parameter_inline() -> None:
    param = {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
    inline = api({"/items": {"get": op(operationId="listItems", parameters=[param])}})
    referenced = api(
        {
            "/items": {
                "get": op(
                    operationId="listItems", parameters=[{"$ref": "#/components/parameters/limit"}]
                )
            }
        },
        components={"parameters": {"limit": copy.deepcopy(param)}},
    )
    assert compare(inline, referenced).changes == []
    assert compare(referenced, inline).changes == []


def test_a_schema_extracted_into_a_component_and_back_while_defined() -> None:
    item = {"type": "object", "properties": {"name": S, "tags": {"type": "array", "items": S}}}
    inline = api(
        {"/items": {"post": op(operationId="createItem", requestBody=json_body(item))}},
        schemas={"Item": item},
    )
    referenced = api(
        {
            "/items": {
                "post": op(
                    operationId="createItem",
                    requestBody=json_body({"$ref": "#/components/schemas/Item"}),
                )
            }
        },
        schemas={"Item": item},
    )
    assert compare(inline, referenced).changes == []
    assert compare(referenced, inline).changes == []


def test_status_codes_read_as_numbers_from_yaml() -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        200:\n          description: ok\n"
    )
    as_json = json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
        }
    )
    a = side_from_document(parse_document(text.encode(), "a.yaml").data)
    b = side_from_document(parse_document(as_json.encode(), "a.json").data)
    assert diff(a, b).changes == []


_PET = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
_TAGGED = {"type": "object", "properties": {"tag": {"type": "string"}}}
_NAMED = {"Pet": _PET, "Tagged": _TAGGED}


def _ref(name: str) -> dict[str, object]:
    return {"$ref": f"#/components/schemas/{name}"}


# (what, one spelling, an equivalent one)
_EQUIVALENT = [
    ("allOf of one member and the member", _ref("Pet"), {"allOf": [_ref("Pet")]}),
    (
        "nested and flat allOf",
        {"allOf": [{"allOf": [_ref("Pet"), _ref("Tagged")]}]},
        {"allOf": [_ref("Pet"), _ref("Tagged")]},
    ),
    (
        "allOf and its merged form",
        {"allOf": [_ref("Pet"), _ref("Tagged")]},
        {
            "type": "object",
            "properties": {"name": {"type": "string"}, "tag": {"type": "string"}},
            "required": ["name"],
        },
    ),
    ("an inline schema and the same behind $ref", _PET, _ref("Pet")),
    ("a union of one member and the member", {"oneOf": [_ref("Pet")]}, _ref("Pet")),
    (
        "nullable spelled three ways",
        {"anyOf": [_ref("Pet"), {"type": "null"}]},
        {"allOf": [_ref("Pet")], "nullable": True},
    ),
]


@pytest.mark.parametrize(("what", "one", "other"), _EQUIVALENT, ids=[e[0] for e in _EQUIVALENT])
def test_equivalent_schemas_report_nothing_that_matters_either_way(
    what: str, one: dict[str, object], other: dict[str, object]
) -> None:
    for place in ("request-body", "response-body"):
        for old, new in ((one, other), (other, one)):
            report = compare(
                schema_at(place, old, schemas=_NAMED), schema_at(place, new, schemas=_NAMED)
            )
            wire = [c for c in report.changes if not c.id.startswith("client-")]
            assert [c.id for c in wire if c.level != "info"] == [], (what, place)
            # at most documentation, or a named allOf member spelled out (info)
            allowed = {
                "schema-description-changed",
                f"{place}-all-of-member-added",
                f"{place}-all-of-member-removed",
            }
            assert {c.id for c in wire} <= allowed, (what, place)
            if what != "allOf and its merged form":
                assert {c.id for c in wire} <= {"schema-description-changed"}, (what, place)
