from __future__ import annotations

import copy
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.errors import DocumentError
from generator.spec.normalize import normalize, synthesize_operation_id


def oas(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def codes(doc: dict[str, Any]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for d in normalize(doc).repairs:
        result.setdefault(d.code, []).append(d.pointer)
    return result


def test_input_is_not_modified_and_output_validates() -> None:
    doc = oas(
        {"/employees/{id}": {"get": {"responses": {}}}},
        components={
            "schemas": {
                "E": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}
            }
        },
    )
    before = copy.deepcopy(doc)
    out = normalize(doc)
    assert doc == before
    validate(out.document)


def test_schema_keyword_removed_from_models() -> None:
    doc = oas(
        {},
        components={
            "schemas": {"M": {"$schema": "http://json-schema.org/draft-04/schema#", "title": "M"}}
        },
    )
    out = normalize(doc)
    assert out.document["components"]["schemas"]["M"] == {"title": "M"}
    assert codes(doc)["removed-schema-keyword"] == ["/components/schemas/M"]


def test_apigateway_model_urls_become_local_refs() -> None:
    url = "https://apigateway.amazonaws.com/restapis/abc123/models/Item"
    doc = oas(
        {},
        components={
            "schemas": {
                "Item": {"type": "object"},
                "List": {"type": "array", "items": {"$ref": url}},
            }
        },
    )
    out = normalize(doc)
    assert out.document["components"]["schemas"]["List"]["items"] == {
        "$ref": "#/components/schemas/Item"
    }
    assert codes(doc)["apigateway-model-ref"] == ["/components/schemas/List/items"]


def test_draft4_nulls_become_nullable() -> None:
    doc = oas(
        {},
        components={
            "schemas": {
                "M": {
                    "type": "object",
                    "properties": {
                        "a": {"type": ["string", "null"]},
                        "b": {"oneOf": [{"type": "string"}, None]},
                        "c": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                    },
                }
            }
        },
    )
    props = normalize(doc).document["components"]["schemas"]["M"]["properties"]
    assert props["a"] == {"type": "string", "nullable": True}
    assert props["b"] == {"oneOf": [{"type": "string"}], "nullable": True}
    assert props["c"] == {"anyOf": [{"type": "integer"}], "nullable": True}
    found = codes(doc)
    assert found["draft4-type-list"] == ["/components/schemas/M/properties/a"]
    assert sorted(found["null-member"]) == [
        "/components/schemas/M/properties/b/oneOf",
        "/components/schemas/M/properties/c/anyOf",
    ]


def test_schema_repairs_apply_where_openapi_puts_schemas_only() -> None:
    draft4: dict[str, Any] = {"type": ["string", "null"]}
    doc = oas(
        {
            "/p": {
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": dict(draft4)}],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": dict(draft4)},
                                    "example": dict(draft4),  # data, not a schema
                                }
                            },
                        }
                    },
                }
            }
        },
        components={
            "schemas": {"S": dict(draft4), "T": {"x-meta": dict(draft4)}},
            "examples": {"E": {"value": dict(draft4)}},
        },
        **{"x-components": {"schemas": {"U": dict(draft4)}}},
    )
    assert sorted(codes(doc)["draft4-type-list"]) == [
        "/components/schemas/S",
        "/paths/~1p/get/parameters/0/schema",
        "/paths/~1p/get/responses/200/content/application~1json/schema/items",
    ]


def test_greedy_variables_and_undeclared_parameters() -> None:
    doc = oas(
        {
            "/{proxy+}": {
                "x-amazon-apigateway-any-method": {
                    "parameters": [
                        {
                            "name": "proxy",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                },
                "options": {"responses": {"200": {"description": "ok"}}},
            },
            "/employees/{id}": {"get": {"responses": {"200": {"description": "ok"}}}},
        }
    )
    out = normalize(doc).document
    assert "/{proxy}" in out["paths"] and "/{proxy+}" not in out["paths"]
    item = out["paths"]["/{proxy}"]
    assert item["x-sdkgen-original-path"] == "/{proxy+}"
    assert item["x-amazon-apigateway-any-method"]["parameters"][0]["x-sdkgen-greedy"] is True
    assert item["options"]["parameters"] == [
        {
            "name": "proxy",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "x-sdkgen-greedy": True,
        }
    ]
    assert out["paths"]["/employees/{id}"]["get"]["parameters"][0]["name"] == "id"
    found = codes(doc)
    assert found["greedy-path-variable"] == ["/paths/~1{proxy+}"]
    assert sorted(found["declared-path-parameter"]) == [
        "/paths/~1employees~1{id}/get",
        "/paths/~1{proxy+}/options",
    ]
    validate(out)


def test_http_api_greedy_parameter_named_with_plus() -> None:
    doc = oas(
        {
            "/urls/{id+}": {
                "get": {"responses": {"200": {"description": "ok"}}},
                "parameters": [
                    {"name": "id+", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
            }
        }
    )
    out = normalize(doc).document
    assert out["paths"]["/urls/{id}"]["parameters"][0]["name"] == "id"
    validate(out)


def test_empty_responses_get_a_default() -> None:
    doc = oas({"/a": {"get": {"responses": {}}}})
    assert normalize(doc).document["paths"]["/a"]["get"]["responses"] == {
        "default": {"description": "Default response"}
    }
    assert codes(doc)["empty-responses"] == ["/paths/~1a/get/responses"]


def test_operation_ids_synthesized_fixed_and_deduplicated() -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    doc = oas(
        {
            "/orders": {"get": dict(ok), "post": {**ok, "operationId": "Create Order"}},
            "/orders/{orderId}": {"get": {**ok, "operationId": "getOrder"}},
            "/other": {"get": {**ok, "operationId": "getOrder"}},
        }
    )
    out = normalize(doc).document["paths"]
    assert out["/orders"]["get"]["operationId"] == "getOrders"
    assert out["/orders"]["post"]["operationId"] == "createOrder"
    assert out["/orders/{orderId}"]["get"]["operationId"] == "getOrder"
    assert out["/other"]["get"]["operationId"] == "getOrder2"
    assert len(codes(doc)["operation-id"]) == 3


def test_synthesized_ids_are_stable_words() -> None:
    assert synthesize_operation_id("GET", "/orders/{orderId}/items") == "getOrdersByOrderIdItems"
    assert synthesize_operation_id("ANY", "/{proxy+}") == "anyByProxy"
    assert synthesize_operation_id("POST", "/") == "postRoot"


@pytest.mark.parametrize(
    ("default", "url"),
    [("/prod", "https://h.execute-api.us-east-1.amazonaws.com/{basePath}")],
)
def test_base_path_leading_slash(default: str, url: str) -> None:
    doc = oas({}, servers=[{"url": url, "variables": {"basePath": {"default": default}}}])
    out = normalize(doc).document
    assert out["servers"][0]["variables"]["basePath"]["default"] == "prod"
    assert codes(doc)["base-path-slash"] == ["/servers/0/variables/basePath/default"]


def test_servers_object_made_list_and_double_slash_joined() -> None:
    doc = oas({}, servers={"url": "https://api.example.com//v1"})
    out = normalize(doc).document
    assert out["servers"] == [{"url": "https://api.example.com/v1"}]
    found = codes(doc)
    assert "servers-not-list" in found and "double-slash" in found


def test_jwt_authorizer_with_empty_flows_read_as_bearer() -> None:
    scheme = {
        "type": "oauth2",
        "flows": {},
        "x-amazon-apigateway-authorizer": {
            "type": "jwt",
            "identitySource": "$request.header.Authorization",
        },
    }
    doc = oas({}, components={"securitySchemes": {"jwt": scheme}})
    out = normalize(doc).document["components"]["securitySchemes"]["jwt"]
    assert out["type"] == "http" and out["scheme"] == "bearer" and out["bearerFormat"] == "JWT"
    assert "flows" not in out


def test_missing_info_version() -> None:
    doc = oas({})
    del doc["info"]["version"]
    assert normalize(doc).document["info"]["version"] == "0.0.0"
    assert codes(doc)["added-version"] == ["/info/version"]


def test_swagger_is_converted_first() -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "x.execute-api.us-east-1.amazonaws.com",
        "basePath": "/prod",
        "paths": {
            "/a": {
                "get": {"responses": {"200": {"description": "ok", "schema": {"type": "string"}}}}
            }
        },
    }
    out = normalize(doc)
    assert out.source_version == "2.0"
    assert out.document["openapi"].startswith("3.0")
    assert out.document["servers"][0]["url"] == "https://x.execute-api.us-east-1.amazonaws.com/prod"
    validate(out.document)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"info": {}}, "not an OpenAPI or Swagger document"),
        ({"swagger": "1.2"}, "unsupported Swagger version"),
        ({"openapi": "4.0.0"}, "unsupported OpenAPI version"),
    ],
)
def test_unsupported_documents(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        normalize(doc)


def test_yaml_float_openapi_version() -> None:
    assert (
        normalize(
            {"openapi": 3.0, "info": {"title": "t", "version": "1"}, "paths": {}}
        ).source_version
        == "3.0.0"
    )


def test_path_parameters_declared_through_refs_are_declared() -> None:
    id_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    doc = oas(
        {
            "/a/{id}": {
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/b/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Alias"}],
                "get": {"responses": {"200": {"description": "ok"}}},
            },
        },
        components={
            "parameters": {"Id": id_param, "Alias": {"$ref": "#/components/parameters/Id"}}
        },
    )
    out = normalize(doc).document
    assert out["paths"]["/a/{id}"]["get"]["parameters"] == [{"$ref": "#/components/parameters/Id"}]
    assert "parameters" not in out["paths"]["/b/{id}"]["get"]
    assert "declared-path-parameter" not in codes(doc)
    validate(out)
