"""Swagger 2.0 -> OpenAPI 3.0.3 conversion (generator.spec.swagger2)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator, validate

from generator.corpus.locations import apigateway_index, locate
from generator.spec.diagnostics import Diagnostic
from generator.spec.load import load_file
from generator.spec.swagger2 import convert_swagger2
from tests.support.corpus import load_apigateway

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
ANY = "x-amazon-apigateway-any-method"


def doc(**fields: Any) -> dict[str, Any]:
    """A minimal Swagger 2.0 document with ``fields`` added."""
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, **fields}


def op_doc(operation: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A document with ``operation`` as ``GET /a``."""
    return doc(paths={"/a": {"get": operation}}, **fields)


def convert(source: dict[str, Any]) -> tuple[dict[str, Any], list[Diagnostic]]:
    before = copy.deepcopy(source)
    result, diagnostics = convert_swagger2(source)
    assert source == before, "the input document was mutated"
    return result, diagnostics


def converted_op(operation: dict[str, Any], **fields: Any) -> dict[str, Any]:
    result, _ = convert(op_doc(operation, **fields))
    op: dict[str, Any] = result["paths"]["/a"]["get"]
    return op


def warnings_at(diagnostics: list[Diagnostic]) -> dict[str, str]:
    """pointer -> code for every diagnostic, all of which must be warnings."""
    assert all(d.severity == "warning" for d in diagnostics)
    return {d.pointer: d.code for d in diagnostics}


OK = {"200": {"description": "ok"}}

# --- root: version, info, servers --------------------------------------------------------------


def test_root_version_info_and_servers() -> None:
    source = {
        "swagger": "2.0",
        "info": {"title": "Pets", "description": "d", "x-logo": "l"},  # no version: kept as is
        "host": "api.example.com",
        "basePath": "/prod",
        "schemes": ["http", "https"],
        "paths": {},
    }
    result, diagnostics = convert(source)
    assert result == {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "description": "d", "x-logo": "l"},
        "servers": [
            {"url": "https://api.example.com/prod"},
            {"url": "http://api.example.com/prod"},
        ],
        "paths": {},
    }
    assert list(result) == ["openapi", "info", "servers", "paths"]
    assert diagnostics == []


@pytest.mark.parametrize(
    ("fields", "servers"),
    [
        ({"host": "h.com", "basePath": "/v1"}, [{"url": "https://h.com/v1"}]),  # default https
        ({"host": "h.com", "basePath": "/"}, [{"url": "https://h.com"}]),
        ({"host": "h.com"}, [{"url": "https://h.com"}]),
        (
            {"host": "h.com", "schemes": ["wss", "https"]},
            [{"url": "https://h.com"}, {"url": "wss://h.com"}],
        ),
        ({"basePath": "/${environment}"}, [{"url": "/${environment}"}]),  # relative
        ({"basePath": "/v1/"}, [{"url": "/v1"}]),
        ({"basePath": "/"}, None),
        ({}, None),
    ],
)
def test_servers(fields: dict[str, Any], servers: list[dict[str, str]] | None) -> None:
    result, diagnostics = convert(doc(**fields))
    assert result.get("servers") == servers
    assert diagnostics == []


def test_schemes_without_host_are_reported() -> None:
    result, diagnostics = convert(doc(schemes=["https"], basePath="/v1"))
    assert result["servers"] == [{"url": "/v1"}]
    assert warnings_at(diagnostics) == {"/schemes": "swagger2-schemes-without-host"}


def test_operation_schemes_become_operation_servers() -> None:
    result, _ = convert(op_doc({"schemes": ["http"], "responses": OK}, host="h.com", basePath="/b"))
    assert result["paths"]["/a"]["get"] == {"servers": [{"url": "http://h.com/b"}], "responses": OK}
    assert result["servers"] == [{"url": "https://h.com/b"}]


# --- components ---------------------------------------------------------------------------------


def test_definitions_become_component_schemas_with_refs_rewritten() -> None:
    source = doc(
        definitions={
            "Pet": {
                "type": "object",
                "properties": {
                    "owner": {"$ref": "#/definitions/Person"},
                    "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                },
            },
            "Person": {"type": "object", "x-extra": {"$ref": "#/definitions/Tag"}},
            "Tag": {"type": "string"},
        }
    )
    result, diagnostics = convert(source)
    assert result["components"] == {
        "schemas": {
            "Pet": {
                "type": "object",
                "properties": {
                    "owner": {"$ref": "#/components/schemas/Person"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                },
            },
            "Person": {"type": "object", "x-extra": {"$ref": "#/components/schemas/Tag"}},
            "Tag": {"type": "string"},
        }
    }
    assert diagnostics == []


def test_refs_are_rewritten_everywhere_including_vendor_extensions() -> None:
    source = doc(
        definitions={"Empty": {"type": "object"}, "A/B": {"type": "string"}},
        parameters={"Limit": {"name": "limit", "in": "query", "type": "integer"}},
        responses={"NotFound": {"description": "nf"}},
        paths={"/a": {"get": {"responses": OK}}},
        **{
            "x-amazon-apigateway-documentation": {
                "documentationParts": [
                    {"properties": {"schema": {"$ref": "#/definitions/Empty"}}},
                    {"properties": {"p": {"$ref": "#/parameters/Limit"}}},
                    {"properties": {"r": {"$ref": "#/responses/NotFound"}}},
                    {"properties": {"deep": {"$ref": "#/definitions/A~1B/properties/x"}}},
                    {"properties": {"other": {"$ref": "other.json#/definitions/Empty"}}},
                    {"properties": {"https": {"$ref": "https://x.test/models/Empty"}}},
                    {"properties": {"not-a-ref": {"$ref": {"type": "string"}}}},
                ]
            }
        },
    )
    result, diagnostics = convert(source)
    parts = result["x-amazon-apigateway-documentation"]["documentationParts"]
    assert [part["properties"] for part in parts] == [
        {"schema": {"$ref": "#/components/schemas/Empty"}},
        {"p": {"$ref": "#/components/parameters/Limit"}},
        {"r": {"$ref": "#/components/responses/NotFound"}},
        {"deep": {"$ref": "#/components/schemas/A~1B/properties/x"}},
        {"other": {"$ref": "other.json#/definitions/Empty"}},  # other refs: as is
        {"https": {"$ref": "https://x.test/models/Empty"}},
        {"not-a-ref": {"$ref": {"type": "string"}}},
    ]
    assert diagnostics == []


def test_unresolved_local_ref_is_rewritten_and_reported() -> None:
    source = op_doc(
        {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Empty"}}}}
    )
    result, diagnostics = convert(source)
    response = result["paths"]["/a"]["get"]["responses"]["200"]
    assert response["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}
    }
    assert warnings_at(diagnostics) == {
        "/paths/~1a/get/responses/200/schema/$ref": "swagger2-unresolved-ref"
    }


def test_global_parameters_split_into_parameters_and_request_bodies() -> None:
    source = doc(
        consumes=["application/xml"],
        parameters={
            "Limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 50, "x-a": 1},
            "Pet": {
                "name": "pet",
                "in": "body",
                "description": "the pet",
                "required": True,
                "schema": {"$ref": "#/definitions/Pet"},
            },
        },
        definitions={"Pet": {"type": "object"}},
        paths={
            "/a": {
                "post": {
                    "parameters": [{"$ref": "#/parameters/Limit"}, {"$ref": "#/parameters/Pet"}],
                    "responses": OK,
                }
            }
        },
    )
    result, diagnostics = convert(source)
    assert result["components"] == {
        "parameters": {
            "Limit": {
                "name": "limit",
                "in": "query",
                "x-a": 1,
                "schema": {"type": "integer", "maximum": 50},
            }
        },
        "requestBodies": {
            "Pet": {
                "description": "the pet",
                "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                "required": True,
                "x-body-name": "pet",
            }
        },
        "schemas": {"Pet": {"type": "object"}},
    }
    assert result["paths"]["/a"]["post"] == {
        "parameters": [{"$ref": "#/components/parameters/Limit"}],
        "requestBody": {"$ref": "#/components/requestBodies/Pet"},
        "responses": OK,
    }
    assert diagnostics == []


def test_body_ref_with_different_operation_consumes_is_reported() -> None:
    source = doc(
        parameters={"Pet": {"name": "pet", "in": "body", "schema": {"type": "object"}}},
        paths={
            "/a": {
                "post": {
                    "consumes": ["text/plain"],
                    "parameters": [{"$ref": "#/parameters/Pet"}],
                    "responses": OK,
                }
            }
        },
    )
    result, diagnostics = convert(source)
    assert result["paths"]["/a"]["post"]["requestBody"] == {
        "$ref": "#/components/requestBodies/Pet"
    }
    assert warnings_at(diagnostics) == {
        "/paths/~1a/post/parameters/0": "swagger2-body-ref-consumes"
    }


def test_global_form_parameter_is_inlined_and_reported() -> None:
    source = doc(
        parameters={"File": {"name": "file", "in": "formData", "type": "file", "required": True}},
        paths={"/a": {"post": {"parameters": [{"$ref": "#/parameters/File"}], "responses": OK}}},
    )
    result, diagnostics = convert(source)
    assert "components" not in result or "parameters" not in result["components"]
    assert result["paths"]["/a"]["post"] == {
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                }
            },
            "required": True,
        },
        "responses": OK,
    }
    assert warnings_at(diagnostics) == {"/parameters/File": "swagger2-form-parameter-component"}


def test_global_responses_become_component_responses() -> None:
    source = doc(
        produces=["application/xml"],
        responses={"Err": {"description": "error", "schema": {"$ref": "#/definitions/E"}}},
        definitions={"E": {"type": "object"}},
        paths={"/a": {"get": {"responses": {"404": {"$ref": "#/responses/Err"}}}}},
    )
    result, diagnostics = convert(source)
    assert result["components"]["responses"] == {
        "Err": {
            "description": "error",
            "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/E"}}},
        }
    }
    assert result["paths"]["/a"]["get"]["responses"] == {
        "404": {"$ref": "#/components/responses/Err"}
    }
    assert diagnostics == []


def test_security_definitions() -> None:
    authorizer = {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "cognito_user_pools",
        "x-amazon-apigateway-authorizer": {
            "type": "cognito_user_pools",
            "providerARNs": ["arn:aws:cognito-idp:us-east-1:123:userpool/x"],
        },
    }
    source = doc(
        securityDefinitions={
            "pool": authorizer,
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "basic": {"type": "basic", "description": "b", "x-e": True},
            "imp": {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "https://a",
                "scopes": {"r": "read"},
            },
            "pw": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {}},
            "code": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://a",
                "tokenUrl": "https://t",
                "scopes": {"w": "write"},
                "x-k": 1,
            },
        },
        security=[{"api_key": []}],
    )
    result, diagnostics = convert(source)
    assert result["components"]["securitySchemes"] == {
        "pool": authorizer,
        "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
        "basic": {"type": "http", "scheme": "basic", "description": "b", "x-e": True},
        "imp": {
            "type": "oauth2",
            "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"r": "read"}}},
        },
        "pw": {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}}},
        "app": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}},
        },
        "code": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "https://a",
                    "tokenUrl": "https://t",
                    "scopes": {"w": "write"},
                }
            },
            "x-k": 1,
        },
    }
    assert result["security"] == [{"api_key": []}]
    assert diagnostics == []


def test_unknown_security_scheme_and_oauth2_flow_are_reported() -> None:
    source = doc(
        securityDefinitions={
            "weird": {"type": "mtls"},
            "bad": {"type": "oauth2", "flow": "device", "scopes": {}},
        }
    )
    result, diagnostics = convert(source)
    assert result["components"]["securitySchemes"] == {
        "weird": {"type": "mtls"},
        "bad": {"type": "oauth2", "flows": {}},
    }
    assert warnings_at(diagnostics) == {
        "/securityDefinitions/weird": "swagger2-security-type",
        "/securityDefinitions/bad/flow": "swagger2-oauth2-flow",
    }


# --- request bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op_consumes", "global_consumes", "media_types"),
    [
        (
            ["application/xml", "text/plain"],
            ["application/x-yaml"],
            ["application/xml", "text/plain"],
        ),
        (None, ["application/x-yaml"], ["application/x-yaml"]),
        (None, None, ["application/json"]),
        ([], None, ["application/json"]),
    ],
)
def test_body_parameter_becomes_request_body(
    op_consumes: list[str] | None, global_consumes: list[str] | None, media_types: list[str]
) -> None:
    operation: dict[str, Any] = {
        "parameters": [
            {"name": "id", "in": "query", "type": "string"},
            {
                "in": "body",
                "name": "BotRequest",
                "description": "what to send",
                "required": True,
                "schema": {"$ref": "#/definitions/BotRequest"},
                "x-note": "n",
            },
        ],
        "responses": OK,
    }
    if op_consumes is not None:
        operation["consumes"] = op_consumes
    fields: dict[str, Any] = {"definitions": {"BotRequest": {"type": "object"}}}
    if global_consumes is not None:
        fields["consumes"] = global_consumes
    op = converted_op(operation, **fields)
    schema = {"$ref": "#/components/schemas/BotRequest"}
    assert op == {
        "parameters": [{"name": "id", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {
            "description": "what to send",
            "content": {media_type: {"schema": schema} for media_type in media_types},
            "required": True,
            "x-body-name": "BotRequest",
            "x-note": "n",
        },
        "responses": OK,
    }
    assert list(op) == ["parameters", "requestBody", "responses"]


def test_form_data_urlencoded() -> None:
    op = converted_op(
        {
            "parameters": [
                {
                    "name": "user",
                    "in": "formData",
                    "type": "string",
                    "required": True,
                    "description": "who",
                },
                {"name": "age", "in": "formData", "type": "integer", "minimum": 0},
                {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}},
                {
                    "name": "ids",
                    "in": "formData",
                    "type": "array",
                    "items": {"type": "integer"},
                    "collectionFormat": "multi",
                },
            ],
            "responses": OK,
        }
    )
    schema = {
        "type": "object",
        "properties": {
            "user": {"type": "string", "description": "who"},
            "age": {"type": "integer", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}},
            "ids": {"type": "array", "items": {"type": "integer"}},
        },
        "required": ["user"],
    }
    assert op["requestBody"] == {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": schema,
                "encoding": {
                    "tags": {"style": "form", "explode": False},
                    "ids": {"style": "form", "explode": True},
                },
            }
        },
        "required": True,
    }
    assert "parameters" not in op


def test_form_data_with_file_is_multipart() -> None:
    op = converted_op(
        {
            "consumes": ["application/json"],
            "parameters": [
                {"name": "upload", "in": "formData", "type": "file", "x-max": "1MB"},
                {"name": "note", "in": "formData", "type": "string"},
            ],
            "responses": OK,
        }
    )
    assert op["requestBody"] == {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "upload": {"type": "string", "format": "binary", "x-max": "1MB"},
                        "note": {"type": "string"},
                    },
                }
            }
        }
    }


def test_form_data_follows_consumes() -> None:
    op = converted_op(
        {
            "consumes": ["multipart/form-data"],
            "parameters": [{"name": "note", "in": "formData", "type": "string", "required": False}],
            "responses": OK,
        }
    )
    assert op["requestBody"] == {
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"note": {"type": "string"}}}
            }
        }
    }


def test_form_data_reports_consumes_without_form_type() -> None:
    source = op_doc(
        {
            "consumes": ["application/json"],
            "parameters": [{"name": "note", "in": "formData", "type": "string"}],
            "responses": OK,
        }
    )
    result, diagnostics = convert(source)
    assert list(result["paths"]["/a"]["get"]["requestBody"]["content"]) == [
        "application/x-www-form-urlencoded"
    ]
    assert warnings_at(diagnostics) == {"/paths/~1a/get/parameters": "swagger2-form-encoding"}


def test_file_field_with_urlencoded_consumes_uses_multipart() -> None:
    source = op_doc(
        {
            "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [{"name": "f", "in": "formData", "type": "file"}],
            "responses": OK,
        }
    )
    result, diagnostics = convert(source)
    assert list(result["paths"]["/a"]["get"]["requestBody"]["content"]) == ["multipart/form-data"]
    assert warnings_at(diagnostics) == {"/paths/~1a/get/parameters": "swagger2-form-encoding"}


def test_form_field_problems_are_reported() -> None:
    source = op_doc(
        {
            "consumes": ["application/x-www-form-urlencoded", "multipart/form-data"],
            "parameters": [
                {"name": "t", "in": "formData", "type": "array", "collectionFormat": "tsv"},
                {"name": "p", "in": "formData", "type": "array", "collectionFormat": "pipes"},
                {"name": "e", "in": "formData", "type": "string", "allowEmptyValue": True},
            ],
            "responses": OK,
        }
    )
    result, diagnostics = convert(source)
    content = result["paths"]["/a"]["get"]["requestBody"]["content"]
    assert content["application/x-www-form-urlencoded"]["encoding"] == {
        "p": {"style": "pipeDelimited", "explode": False}
    }
    assert "encoding" not in content["multipart/form-data"]
    assert warnings_at(diagnostics) == {
        "/paths/~1a/get/parameters/0/collectionFormat": "swagger2-collection-format",
        "/paths/~1a/get/parameters/1/collectionFormat": "swagger2-collection-format",
        "/paths/~1a/get/parameters/2/allowEmptyValue": "swagger2-allow-empty-value",
    }


def test_extra_body_and_form_parameters_are_reported() -> None:
    source = op_doc(
        {
            "parameters": [
                {"name": "one", "in": "body", "schema": {"type": "string"}},
                {"name": "two", "in": "body", "schema": {"type": "integer"}},
                {"name": "f", "in": "formData", "type": "string"},
            ],
            "responses": OK,
        }
    )
    result, diagnostics = convert(source)
    assert result["paths"]["/a"]["get"]["requestBody"] == {
        "content": {"application/json": {"schema": {"type": "string"}}},
        "x-body-name": "one",
    }
    assert warnings_at(diagnostics) == {
        "/paths/~1a/get/parameters/1": "swagger2-multiple-bodies",
        "/paths/~1a/get/parameters/2": "swagger2-body-and-form",
    }


def test_form_parameter_ref_outside_a_parameter_list_is_reported() -> None:
    source = doc(
        parameters={"F": {"name": "f", "in": "formData", "type": "string"}},
        **{"x-ext": {"$ref": "#/parameters/F"}},
    )
    result, diagnostics = convert(source)
    assert result["x-ext"] == {"$ref": "#/parameters/F"}
    assert warnings_at(diagnostics) == {
        "/x-ext/$ref": "swagger2-form-parameter-ref",
        "/parameters/F": "swagger2-form-parameter-component",
    }


# --- non-body parameters ------------------------------------------------------------------------


def test_non_body_parameter_fields_move_into_schema() -> None:
    op = converted_op(
        {
            "parameters": [
                {
                    "name": "sort",
                    "in": "query",
                    "description": "order",
                    "required": False,
                    "type": "string",
                    "format": "word",
                    "enum": ["asc", "desc"],
                    "default": "asc",
                    "minLength": 3,
                    "maxLength": 4,
                    "pattern": "^[a-z]+$",
                    "allowEmptyValue": True,
                    "x-amazon-apigateway-param": "p",
                },
                {
                    "name": "n",
                    "in": "header",
                    "type": "number",
                    "minimum": 1,
                    "maximum": 9,
                    "exclusiveMinimum": True,
                    "exclusiveMaximum": False,
                    "multipleOf": 0.5,
                    "x-nullable": True,
                },
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "type": "integer",
                    "format": "int64",
                },
            ],
            "responses": OK,
        }
    )
    assert op["parameters"] == [
        {
            "name": "sort",
            "in": "query",
            "description": "order",
            "required": False,
            "allowEmptyValue": True,
            "x-amazon-apigateway-param": "p",
            "schema": {
                "type": "string",
                "format": "word",
                "enum": ["asc", "desc"],
                "default": "asc",
                "minLength": 3,
                "maxLength": 4,
                "pattern": "^[a-z]+$",
            },
        },
        {
            "name": "n",
            "in": "header",
            "schema": {
                "type": "number",
                "minimum": 1,
                "maximum": 9,
                "exclusiveMinimum": True,
                "exclusiveMaximum": False,
                "multipleOf": 0.5,
                "nullable": True,
            },
        },
        {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "format": "int64"},
        },
    ]


def test_array_parameter_items_and_limits() -> None:
    op = converted_op(
        {
            "parameters": [
                {
                    "name": "ids",
                    "in": "query",
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 5,
                    "uniqueItems": True,
                    "items": {
                        "type": "array",
                        "items": {"type": "integer"},
                        "collectionFormat": "pipes",
                    },
                    "collectionFormat": "csv",
                }
            ],
            "responses": OK,
        }
    )
    assert op["parameters"] == [
        {
            "name": "ids",
            "in": "query",
            "style": "form",
            "explode": False,
            "schema": {
                "type": "array",
                "minItems": 1,
                "maxItems": 5,
                "uniqueItems": True,
                "items": {"type": "array", "items": {"type": "integer"}},
            },
        }
    ]


@pytest.mark.parametrize(
    ("location", "collection_format", "style"),
    [
        ("query", "csv", {"style": "form", "explode": False}),
        ("query", None, {"style": "form", "explode": False}),  # csv is Swagger's default
        ("query", "multi", {"style": "form", "explode": True}),
        ("query", "ssv", {"style": "spaceDelimited", "explode": False}),
        ("query", "pipes", {"style": "pipeDelimited", "explode": False}),
        ("path", "csv", {"style": "simple"}),
        ("header", "csv", {"style": "simple"}),
        ("header", None, {"style": "simple"}),
    ],
)
def test_collection_format_to_style(
    location: str, collection_format: str | None, style: dict[str, Any]
) -> None:
    param: dict[str, Any] = {
        "name": "v",
        "in": location,
        "required": True,
        "type": "array",
        "items": {"type": "string"},
    }
    if collection_format is not None:
        param["collectionFormat"] = collection_format
    source = op_doc({"parameters": [param], "responses": OK})
    result, diagnostics = convert(source)
    assert result["paths"]["/a"]["get"]["parameters"] == [
        {
            "name": "v",
            "in": location,
            "required": True,
            **style,
            "schema": {"type": "array", "items": {"type": "string"}},
        }
    ]
    assert diagnostics == []


@pytest.mark.parametrize(
    ("location", "collection_format"), [("query", "tsv"), ("header", "pipes"), ("path", "multi")]
)
def test_collection_format_without_equivalent_is_reported(
    location: str, collection_format: str
) -> None:
    param = {
        "name": "v",
        "in": location,
        "required": True,
        "type": "array",
        "items": {"type": "string"},
        "collectionFormat": collection_format,
    }
    result, diagnostics = convert(op_doc({"parameters": [param], "responses": OK}))
    assert result["paths"]["/a"]["get"]["parameters"] == [
        {
            "name": "v",
            "in": location,
            "required": True,
            "schema": {"type": "array", "items": {"type": "string"}},
        }
    ]
    assert warnings_at(diagnostics) == {
        "/paths/~1a/get/parameters/0/collectionFormat": "swagger2-collection-format"
    }


def test_allow_empty_value_outside_query_is_reported() -> None:
    source = op_doc(
        {
            "parameters": [
                {"name": "h", "in": "header", "type": "string", "allowEmptyValue": True}
            ],
            "responses": OK,
        }
    )
    result, diagnostics = convert(source)
    assert result["paths"]["/a"]["get"]["parameters"] == [
        {"name": "h", "in": "header", "schema": {"type": "string"}}
    ]
    assert warnings_at(diagnostics) == {
        "/paths/~1a/get/parameters/0/allowEmptyValue": "swagger2-allow-empty-value"
    }


def test_path_level_parameters() -> None:
    source = doc(
        paths={
            "/p/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "type": "string"},
                    {"name": "body", "in": "body", "schema": {"type": "object"}},
                ],
                "put": {"responses": OK},
                "post": {
                    "parameters": [{"name": "other", "in": "body", "schema": {"type": "string"}}],
                    "responses": OK,
                },
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "type": "integer"}
                    ],
                    "responses": OK,
                },
                "x-amazon-apigateway-any-method": {"responses": OK},
            }
        }
    )
    result, diagnostics = convert(source)
    path_body = {
        "content": {"application/json": {"schema": {"type": "object"}}},
        "x-body-name": "body",
    }
    assert result["paths"]["/p/{id}"] == {
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        ],
        "put": {"requestBody": path_body, "responses": OK},
        "post": {
            "requestBody": {
                "content": {"application/json": {"schema": {"type": "string"}}},
                "x-body-name": "other",
            },
            "responses": OK,
        },
        "get": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "requestBody": path_body,
            "responses": OK,
        },
        "x-amazon-apigateway-any-method": {"requestBody": path_body, "responses": OK},
    }
    put_body = result["paths"]["/p/{id}"]["put"]["requestBody"]
    assert put_body is not result["paths"]["/p/{id}"]["get"]["requestBody"]  # no shared objects
    assert diagnostics == []


def test_path_level_form_fields_merge_with_operation_fields() -> None:
    source = doc(
        paths={
            "/f": {
                "parameters": [
                    {"name": "a", "in": "formData", "type": "string"},
                    {"name": "b", "in": "formData", "type": "string"},
                ],
                "post": {
                    "parameters": [
                        {"name": "b", "in": "formData", "type": "integer", "required": True}
                    ],
                    "responses": OK,
                },
            }
        }
    )
    result, _ = convert(source)
    assert result["paths"]["/f"]["post"]["requestBody"] == {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                    "required": ["b"],
                }
            }
        },
        "required": True,
    }


# --- responses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op_produces", "global_produces", "media_types"),
    [
        (["text/html", "application/xml"], ["text/plain"], ["text/html", "application/xml"]),
        (None, ["text/plain"], ["text/plain"]),
        (None, None, ["application/json"]),
    ],
)
def test_response_schema_becomes_content(
    op_produces: list[str] | None, global_produces: list[str] | None, media_types: list[str]
) -> None:
    operation: dict[str, Any] = {
        "responses": {
            "200": {
                "description": "ok",
                "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
            },
            "204": {"description": "nothing"},
            "x-resp": {"kept": True},
        }
    }
    if op_produces is not None:
        operation["produces"] = op_produces
    fields: dict[str, Any] = {"definitions": {"Pet": {"type": "object"}}}
    if global_produces is not None:
        fields["produces"] = global_produces
    op = converted_op(operation, **fields)
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    assert op["responses"] == {
        "200": {
            "description": "ok",
            "content": {media_type: {"schema": schema} for media_type in media_types},
        },
        "204": {"description": "nothing"},
        "x-resp": {"kept": True},
    }


def test_response_headers_and_examples() -> None:
    op = converted_op(
        {
            "produces": ["application/json", "application/xml"],
            "responses": {
                "200": {
                    "description": "ok",
                    "schema": {"type": "object"},
                    "headers": {
                        "X-Rate": {
                            "type": "integer",
                            "format": "int32",
                            "description": "rate",
                            "x-h": 1,
                        },
                        "X-List": {"type": "array", "items": {"type": "string"}},
                    },
                    "examples": {"application/json": {"a": 1}},
                    "x-amazon-apigateway-response": "r",
                },
                "default": {"description": "err", "examples": {"text/plain": "oops"}},
            },
        }
    )
    assert op["responses"] == {
        "200": {
            "description": "ok",
            "headers": {
                "X-Rate": {
                    "description": "rate",
                    "x-h": 1,
                    "schema": {"type": "integer", "format": "int32"},
                },
                "X-List": {
                    "style": "simple",
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
            },
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": {"a": 1}},
                "application/xml": {"schema": {"type": "object"}},
            },
            "x-amazon-apigateway-response": "r",
        },
        "default": {"description": "err", "content": {"text/plain": {"example": "oops"}}},
    }


# --- schemas ------------------------------------------------------------------------------------


def test_schema_conversion_is_recursive() -> None:
    def legacy(inner: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "discriminator": "kind",
            "x-nullable": True,
            "properties": {
                "kind": {"type": "string"},
                "blob": {"type": "file"},
                "list": {"type": "array", "items": {"type": "string", "x-nullable": True}},
                "map": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "x-nullable": False},
                },
                "free": {"type": "object", "additionalProperties": True},
                "mixed": {"allOf": [{"$ref": "#/definitions/Base"}, inner]},
            },
            "required": ["kind"],
            "example": {"x-nullable": True},  # an example value is data: not converted
        }

    def modern(inner: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "discriminator": {"propertyName": "kind"},
            "nullable": True,
            "properties": {
                "kind": {"type": "string"},
                "blob": {"type": "string", "format": "binary"},
                "list": {"type": "array", "items": {"type": "string", "nullable": True}},
                "map": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "nullable": False},
                },
                "free": {"type": "object", "additionalProperties": True},
                "mixed": {"allOf": [{"$ref": "#/components/schemas/Base"}, inner]},
            },
            "required": ["kind"],
            "example": {"x-nullable": True},
        }

    inner_old = {"type": "object", "properties": {"n": {"type": "string", "x-nullable": True}}}
    inner_new = {"type": "object", "properties": {"n": {"type": "string", "nullable": True}}}
    source = doc(
        definitions={"Base": {"type": "object"}, "Thing": legacy(inner_old)},
        paths={
            "/a": {
                "post": {
                    "parameters": [{"name": "b", "in": "body", "schema": legacy(inner_old)}],
                    "responses": {"200": {"description": "ok", "schema": legacy(inner_old)}},
                }
            }
        },
    )
    result, diagnostics = convert(source)
    assert result["components"]["schemas"]["Thing"] == modern(inner_new)
    post = result["paths"]["/a"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == modern(inner_new)
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == modern(inner_new)
    assert diagnostics == []


def test_example_for_unlisted_media_type_is_added_and_reported() -> None:
    source = op_doc(
        {
            "produces": ["application/json"],
            "responses": {
                "200": {
                    "description": "ok",
                    "schema": {"type": "string"},
                    "examples": {"text/plain": "hi"},
                }
            },
        }
    )
    result, diagnostics = convert(source)
    assert result["paths"]["/a"]["get"]["responses"]["200"]["content"] == {
        "application/json": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}, "example": "hi"},
    }
    assert warnings_at(diagnostics) == {
        "/paths/~1a/get/responses/200/examples/text~1plain": "swagger2-example-media-type"
    }


def test_invalid_schema_parts_are_kept_and_reported() -> None:
    source = doc(
        definitions={
            "A": {"x-nullable": "yes", "properties": {"p": "string"}, "items": [{"type": "string"}]}
        }
    )
    result, diagnostics = convert(source)
    assert result["components"]["schemas"]["A"] == {
        "x-nullable": "yes",
        "properties": {"p": "string"},
        "items": [{"type": "string"}],
    }
    assert warnings_at(diagnostics) == {
        "/definitions/A/x-nullable": "swagger2-invalid-nullable",
        "/definitions/A/properties/p": "swagger2-invalid-schema",
        "/definitions/A/items": "swagger2-tuple-items",
    }


def test_file_response_schema() -> None:
    op = converted_op(
        {
            "produces": ["application/pdf"],
            "responses": {"200": {"description": "f", "schema": {"type": "file"}}},
        }
    )
    assert op["responses"]["200"]["content"] == {
        "application/pdf": {"schema": {"type": "string", "format": "binary"}}
    }


# --- operations, path items and extensions ------------------------------------------------------


def test_operation_fields_and_extensions_are_kept() -> None:
    integration = {
        "type": "aws_proxy",
        "httpMethod": "POST",
        "uri": "arn:aws:apigateway:us-east-1:lambda:path/fn",
        "responses": {"default": {"statusCode": "200"}},
    }
    operation = {
        "tags": ["pets"],
        "summary": "s",
        "description": "d",
        "externalDocs": {"url": "https://docs"},
        "operationId": "GetPets",
        "deprecated": True,
        "security": [{"auth": ["scope"]}],
        "responses": OK,
        "x-amazon-apigateway-integration": integration,
        "x-amazon-apigateway-request-validator": "all",
    }
    source = doc(
        tags=[{"name": "pets"}],
        externalDocs={"url": "https://root"},
        paths={"/a": {"get": operation, "x-amazon-apigateway-any-method": operation, "x-path": 1}},
        **{
            "x-amazon-apigateway-binary-media-types": ["*/*"],
            "x-amazon-apigateway-policy": {"Version": "2012-10-17"},
        },
    )
    result, diagnostics = convert(source)
    assert result == {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": operation, "x-amazon-apigateway-any-method": operation, "x-path": 1}
        },
        "tags": [{"name": "pets"}],
        "externalDocs": {"url": "https://root"},
        "x-amazon-apigateway-binary-media-types": ["*/*"],
        "x-amazon-apigateway-policy": {"Version": "2012-10-17"},
    }
    assert diagnostics == []


def test_any_method_is_converted_like_an_operation() -> None:
    source = doc(
        paths={
            "/{proxy+}": {
                "x-amazon-apigateway-any-method": {
                    "produces": ["application/json"],
                    "parameters": [
                        {"name": "proxy", "in": "path", "required": True, "type": "string"},
                        {
                            "name": "payload",
                            "in": "body",
                            "schema": {"$ref": "#/definitions/Empty"},
                        },
                    ],
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/Empty"}}
                    },
                    "x-amazon-apigateway-integration": {"type": "aws_proxy"},
                }
            }
        },
        definitions={"Empty": {"type": "object"}},
    )
    result, diagnostics = convert(source)
    empty = {"$ref": "#/components/schemas/Empty"}
    assert result["paths"]["/{proxy+}"] == {
        "x-amazon-apigateway-any-method": {
            "parameters": [
                {"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "requestBody": {
                "content": {"application/json": {"schema": empty}},
                "x-body-name": "payload",
            },
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": empty}}}
            },
            "x-amazon-apigateway-integration": {"type": "aws_proxy"},
        }
    }
    assert diagnostics == []


# --- invalid input ------------------------------------------------------------------------------


def test_tolerates_invalid_input_and_reports_what_it_skipped() -> None:
    source: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "no version"},
        "host": "h.com",
        "paths": {
            "/employees/{id}": {"get": {"responses": {}}},  # undeclared path param, empty responses
            "/bad": "not a path item",
            "/ops": {
                "get": ["not", "an", "operation"],
                "post": {
                    "parameters": ["nope", {"name": "q", "in": "cookie", "type": "string"}],
                    "responses": {"200": "nope", "201": {"schema": {"type": "string"}}},
                    "bogus": 1,
                },
                "put": {"parameters": {"not": "a list"}, "responses": []},
            },
        },
        "definitions": ["not", "a", "map"],
        "securityDefinitions": {"s": "nope"},
        "openapi": "3.0.0",
    }
    result, diagnostics = convert(source)
    assert result == {
        "openapi": "3.0.3",
        "info": {"title": "no version"},
        "servers": [{"url": "https://h.com"}],
        "paths": {
            "/employees/{id}": {"get": {"responses": {}}},
            "/ops": {
                "post": {
                    "responses": {
                        "201": {
                            "description": "",
                            "content": {"application/json": {"schema": {"type": "string"}}},
                        }
                    }
                },
                "put": {},
            },
        },
        "components": {"schemas": {}, "securitySchemes": {}},
    }
    assert warnings_at(diagnostics) == {
        "/paths/~1bad": "swagger2-not-an-object",
        "/paths/~1ops/get": "swagger2-not-an-object",
        "/paths/~1ops/post/parameters/0": "swagger2-not-an-object",
        "/paths/~1ops/post/parameters/1": "swagger2-invalid-parameter",
        "/paths/~1ops/post/responses/200": "swagger2-not-an-object",
        "/paths/~1ops/post/responses/201": "swagger2-response-description",
        "/paths/~1ops/post/bogus": "swagger2-unknown-field",
        "/paths/~1ops/put/parameters": "swagger2-invalid-parameters",
        "/paths/~1ops/put/responses": "swagger2-not-an-object",
        "/definitions": "swagger2-not-an-object",
        "/securityDefinitions/s": "swagger2-not-an-object",
        "/openapi": "swagger2-unknown-field",
    }


def test_non_mapping_top_level_values_do_not_raise() -> None:
    source = {
        "swagger": "2.0",
        "info": "x",
        "paths": [],
        "parameters": 3,
        "responses": "r",
        "consumes": "json",
    }
    result, diagnostics = convert(source)
    assert result == {"openapi": "3.0.3", "info": "x", "paths": {}, "components": {"responses": {}}}
    assert warnings_at(diagnostics) == {
        "/paths": "swagger2-not-an-object",
        "/parameters": "swagger2-not-an-object",
        "/responses": "swagger2-not-an-object",
        "/consumes": "swagger2-invalid-media-types",
    }


def test_conversion_is_deterministic() -> None:
    source = load_apigateway("localstack__localstack__petstore-authorizer-swagger.json")
    first = convert_swagger2(source)
    second = convert_swagger2(source)
    assert json.dumps(first[0]) == json.dumps(second[0])
    assert first[1] == second[1]
    assert list(first[0]["paths"]) == list(source["paths"])
    assert list(first[0]["components"]["schemas"]) == list(source["definitions"])


# --- the real-world corpus ----------------------------------------------------------------------

# Every Swagger 2.0 file of the corpus -> why its conversion does not validate as is (None: it
# validates). The reasons are defects of the input itself, listed in the corpus INDEX.md; each
# such file is also validated after those input defects are repaired (see _repair_input).
SWAGGER_CORPUS: dict[str, str | None] = {
    "angel3071__employees-api-rest__EmployeesApi-Prod-swagger-postman.json": (
        "every operation has responses: {}; {id} path params never declared"
    ),
    "fakesociety__RentGuard-360__RentGuardAPI-prod-swagger-apigateway.json": None,
    "localstack__localstack__openapi-spec-pulumi.json": (
        "GET /just_do_it has no responses; OPTIONS /{proxy+} declares no path param"
    ),
    "localstack__localstack__petstore-authorizer-swagger.json": None,
    "localstack__localstack__swagger-mock-cors-sam.json": (
        "responses: {} on 2 operations; {product_id} never declared"
    ),
    "na0AaooQ__words-watching-app__words-watching-app-api-prod-swagger-apigateway.json": None,
    "nationalarchives__tdr-terraform-environments__backend-checks-greedy.json": (
        "#/definitions/Empty is referenced but there is no definitions section; the greedy "
        "path /backend-checks/{consignmentId+} declares its parameter as consignmentId (the "
        "API Gateway REST convention, which OpenAPI validators reject)"
    ),
    "niradler__micro-swagger__p247j0i6mf-custom-domain.json": "4 operations with responses: {}",
    "ravishrawal__ChatBot__AI-Customer-Service-API-test-swagger-apigateway.yaml": None,
    (
        "scunning1987__html5_graphics_with_aws_elemental_medialive__"
        "html5_data_ingest-v1-swagger-apigateway.json"
    ): "OPTIONS /{proxy+} declares no path parameter",
    "sorengoyal__earthdaily-home-assignment__EarthdailyAtmStack-Prod-swagger-postman.json": (
        "GET /atm/{atm_id} has responses: {}"
    ),
    "soumenrock__assignment__s3-upload-v1-swagger-apigateway.yaml": None,
}


def operations(document: dict[str, Any], methods: tuple[str, ...]) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, item in document["paths"].items()
        if isinstance(item, dict)
        for method in item
        if method in methods
    }


def _all_parameters(item: dict[str, Any]) -> list[dict[str, Any]]:
    ops = [op for method, op in item.items() if method in (*METHODS, ANY)]
    return [p for owner in (item, *ops) for p in owner.get("parameters", [])]


def _repair_input(source: dict[str, Any]) -> dict[str, Any]:
    """Fix the Swagger input defects listed in SWAGGER_CORPUS (not conversion problems)."""
    fixed = copy.deepcopy(source)
    for path, item in fixed["paths"].items():
        templated = re.findall(r"{([^}]+)}", path)
        for param in _all_parameters(item):
            if param.get("in") == "path" and f"{param.get('name')}+" in templated:
                param["name"] += "+"  # greedy label declared without its +
        path_level = {p.get("name") for p in item.get("parameters", []) if p.get("in") == "path"}
        for method, op in item.items():
            if method not in (*METHODS, ANY):
                continue
            if not op.get("responses"):
                op["responses"] = {"default": {"description": "added by the test"}}
            declared = path_level | {
                p.get("name") for p in op.get("parameters", []) if p.get("in") == "path"
            }
            for name in templated:
                if name not in declared:
                    param = {"name": name, "in": "path", "required": True, "type": "string"}
                    op.setdefault("parameters", []).append(param)
    referenced = set(re.findall(r'"#/definitions/([^"/]+)"', json.dumps(fixed)))
    definitions = fixed.setdefault("definitions", {})
    for name in sorted(referenced - set(definitions)):
        definitions[name] = {"type": "object"}
    return fixed


def test_corpus_swagger_files_are_all_listed() -> None:
    assert {d.file for d in apigateway_index() if d.swagger} == set(SWAGGER_CORPUS)
    for document in apigateway_index():
        path = locate(document)
        if path is not None:
            assert ("swagger" in load_file(path).data) == document.swagger, document.file


# What openapi-spec-validator says about the input defects above, and nothing else.
INPUT_DEFECT_MESSAGES = (
    "{} should be non-empty",  # responses: {}
    "'responses' is a required property",  # operation without responses
    "was not resolved",  # path parameter never declared
    "'/components/schemas/Empty' does not exist",  # dangling #/definitions/Empty
)


def validation_problems(document: dict[str, Any]) -> list[str]:
    try:
        return [str(e).splitlines()[0] for e in OpenAPIV30SpecValidator(document).iter_errors()]
    except Exception as exc:  # a dangling $ref makes the validator raise instead of report
        return [str(exc).splitlines()[0]]


@pytest.mark.parametrize("name", sorted(SWAGGER_CORPUS))
def test_corpus_file_converts(name: str) -> None:
    source = load_apigateway(name)
    result, diagnostics = convert(source)
    assert result["openapi"] == "3.0.3"
    assert operations(result, (*METHODS, ANY)) == operations(source, (*METHODS, ANY))
    assert all(d.severity == "warning" for d in diagnostics)
    if SWAGGER_CORPUS[name] is None:
        validate(result)
        return
    problems = validation_problems(result)
    assert problems, f"{name} was expected to be invalid: {SWAGGER_CORPUS[name]}"
    for problem in problems:
        assert any(m in problem for m in INPUT_DEFECT_MESSAGES), problem
    repaired, _ = convert(_repair_input(source))
    validate(repaired)
