"""What the IR decides for the diff as well as for the client: every operation's declared
parameters, media types, security requirements (with scopes) and where each object is; and the
IR built for comparing (``build_api(..., models=False)``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from generator import ir
from generator.naming import PLAIN_NAMES, client_names
from generator.parse import build_api
from generator.render.code import PackageNames
from generator.render.package import render_project
from generator.spec.normalize import normalize

Doc = dict[str, Any]
OK: Doc = {"200": {"description": "ok"}}
JSON: Doc = {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}


def api_of(doc: Doc, *, models: bool = True) -> ir.Api:
    return build_api(normalize(doc).document, models=models)


def oas(paths: Doc, **extra: Any) -> Doc:
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def test_bodies_and_responses_list_every_media_type_and_where_they_are() -> None:
    doc = oas(
        {
            "/orders": {
                "post": {
                    "requestBody": {"$ref": "#/components/requestBodies/NewOrder"},
                    "responses": {
                        "201": {
                            "description": "made",
                            "content": {"application/xml": {}, "application/json": JSON},
                        },
                        "404": {"$ref": "#/components/responses/Missing"},
                        "500": {"description": "broken"},
                    },
                }
            }
        },
        components={
            "requestBodies": {
                "NewOrder": {
                    "content": {
                        "application/x-www-form-urlencoded": JSON,
                        "application/json; charset=utf-8": JSON,
                    }
                }
            },
            "responses": {
                "Missing": {"description": "none", "content": {"text/plain": {}}},
            },
        },
    )
    (op,) = api_of(doc).operations
    assert op.body is not None
    assert op.body.media_type == "application/json; charset=utf-8"  # the one sent
    assert op.body.media_types == (
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-8",
    )
    assert op.body.pointer == "/components/requestBodies/NewOrder"
    responses = {r.status: (r.media_type, r.media_types, r.pointer) for r in op.success + op.errors}
    assert responses == {
        "201": (
            "application/json",
            ("application/xml", "application/json"),
            "/paths/~1orders/post/responses/201",
        ),
        "404": ("text/plain", ("text/plain",), "/components/responses/Missing"),
        "500": (None, (), "/paths/~1orders/post/responses/500"),
    }


def test_parameters_the_client_does_not_send_are_declared_apart() -> None:
    doc = oas(
        {
            "/books/{bookId}": {
                "parameters": [{"$ref": "#/components/parameters/Limit"}],
                "get": {
                    "parameters": [
                        {"name": "Accept", "in": "header", "schema": {"type": "string"}},
                        {"name": "bookId", "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": OK,
                },
            }
        },
        components={
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}
        },
    )
    (op,) = api_of(doc).operations
    sent = {(p.location, p.wire_name): p.pointer for p in op.parameters}
    assert sent == {
        ("path", "bookId"): "/paths/~1books~1{bookId}/get/parameters/2",  # declared by repair
        ("query", "limit"): "/components/parameters/Limit",
    }
    unsent = {(p.location, p.wire_name): p.pointer for p in op.unsent}
    assert unsent == {
        ("header", "Accept"): "/paths/~1books~1{bookId}/get/parameters/0",
        ("header", "bookId"): "/paths/~1books~1{bookId}/get/parameters/1",
    }
    # the method has no argument for them
    assert [p.python_name for p in op.parameters] == ["book_id", "limit"]


def test_security_requirements_keep_their_scopes_and_the_documents_default() -> None:
    schemes = {
        "oauth": {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "https://auth.example.com/token",
                    "scopes": {"read": "r", "write": "w"},
                }
            },
        },
        "key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
    }
    doc = oas(
        {
            "/a": {"get": {"responses": OK}},
            "/b": {
                "get": {
                    "security": [
                        {"oauth": ["read"]},
                        {"oauth": ["write"], "key": []},
                        {"mystery": []},
                    ],
                    "responses": OK,
                }
            },
        },
        components={"securitySchemes": schemes},
        security=[{"oauth": ["read", "write"]}],
    )
    api = api_of(doc)
    inherits, own = api.operations
    default = (ir.SecurityRequirement((("oauth", ("read", "write")),)),)
    assert api.requirements == default
    assert inherits.requirements == default
    assert own.requirements == (
        ir.SecurityRequirement((("oauth", ("read",)),)),
        ir.SecurityRequirement((("oauth", ("write",)), ("key", ()))),
        ir.SecurityRequirement(()),  # an unknown scheme is left out (and reported)
    )
    # what the client sends: each set of schemes once
    assert own.security == (("oauth",), ("oauth", "key"), ())
    assert [o.code for o in api.omissions] == ["unknown-security-scheme"]


NESTED: Doc = oas(
    {
        "/orders": {
            "get": {
                "parameters": [{"name": "nextToken", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/OrderPage"}
                            }
                        },
                    }
                },
            },
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"item": {"$ref": "#/components/schemas/Item"}},
                            }
                        }
                    }
                },
                "responses": OK,
            },
        }
    },
    components={
        "schemas": {
            "OrderPage": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                    "nextToken": {"type": "string"},
                },
            },
            "Order": {
                "type": "object",
                "properties": {
                    "shipping": {"type": "object", "properties": {"city": {"type": "string"}}}
                },
            },
            "Item": {"type": "string", "enum": ["a", "b"]},
        }
    },
)


def test_the_ir_for_comparing_has_the_operations_and_names_of_the_complete_one() -> None:
    complete = api_of(NESTED)
    comparing = api_of(NESTED, models=False)
    assert complete.complete and not comparing.complete
    # every operation as generate sees it (pagination, which reads the models, aside)
    assert [replace(o, pagination=None) for o in complete.operations] == list(comparing.operations)
    assert complete.operations[0].pagination is not None
    assert (
        complete.schema_classes
        == comparing.schema_classes
        == (
            ("OrderPage", "OrderPage"),
            ("Order", "Order"),
            ("Item", "Item"),
        )
    )
    assert [m.class_name for m in complete.models] == [
        "OrderPage",
        "Order",
        "Item",
        "OrderShipping",
        "PostOrdersRequest",
    ]
    # only what the operations' types made: the body written in place
    assert [m.class_name for m in comparing.models] == ["PostOrdersRequest"]
    assert comparing.security_schemes == complete.security_schemes
    assert comparing.omissions == complete.omissions


def test_an_ir_for_comparing_is_never_rendered() -> None:
    dist, module, prefix = client_names("t-client", "0.1.0", PLAIN_NAMES)
    names = PackageNames(dist_name=dist, import_name=module, env_prefix=prefix, version="0.1.0")
    with pytest.raises(ValueError, match="cannot be rendered"):
        render_project(api_of(NESTED, models=False), names, "0" * 64)
