from __future__ import annotations

from typing import Any

from generator import ir
from generator.parse import build_api
from generator.spec.normalize import normalize


def api_of(doc: dict[str, Any]) -> ir.Api:
    return build_api(normalize(doc).document)


def oas(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


OK = {"200": {"description": "ok"}}


def test_resources_group_by_tag_else_first_segment() -> None:
    api = api_of(
        oas(
            {
                "/orders": {"get": {"operationId": "listOrders", "responses": OK}},
                "/orders/{id}/items": {
                    "get": {"operationId": "listItems", "tags": ["Order Items"], "responses": OK}
                },
                "/{proxy+}": {"x-amazon-apigateway-any-method": {"responses": OK}},
            }
        )
    )
    assert {r.python_name: [o.python_name for o in r.operations] for r in api.resources} == {
        "orders": ["list"],
        "order_items": ["list_items"],
        "root": ["request"],
    }
    any_op = api.resources[2].operations[0]
    assert (
        any_op.method == "ANY" and any_op.document_path == "/{proxy+}" and any_op.path == "/{proxy}"
    )
    assert any_op.parameters[0].greedy


def test_resource_names_avoid_client_attributes() -> None:
    api = api_of(
        oas({"/close": {"get": {"responses": OK}}, "/headers": {"get": {"responses": OK}}})
    )
    assert [r.python_name for r in api.resources] == ["close_2", "headers_2"]


def test_parameter_names_types_and_collisions() -> None:
    api = api_of(
        oas(
            {
                "/orders/{order-id}": {
                    "parameters": [
                        {
                            "name": "order-id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "get": {
                        "parameters": [
                            {"name": "orderId", "in": "query", "schema": {"type": "integer"}},
                            {
                                "name": "class",
                                "in": "query",
                                "schema": {"type": "string", "enum": ["a", "b"]},
                            },
                            {
                                "name": "tags",
                                "in": "query",
                                "schema": {"type": "array", "items": {"type": "string"}},
                            },
                            {
                                "name": "X-Trace",
                                "in": "header",
                                "required": True,
                                "schema": {"type": "boolean"},
                            },
                            {"name": "timeout", "in": "query", "schema": {"type": "number"}},
                        ],
                        "responses": OK,
                    },
                }
            }
        )
    )
    params = {
        p.wire_name: (p.python_name, p.location, p.required, p.type.annotation)
        for p in api.operations[0].parameters
    }
    assert params == {
        "order-id": ("order_id", "path", True, "str"),
        "orderId": ("order_id_query", "query", False, "int"),
        "class": ("class_", "query", False, "Literal['a', 'b']"),
        "tags": ("tags", "query", False, "list[str]"),
        "X-Trace": ("x_trace", "header", True, "bool"),
        "timeout": ("timeout_query", "query", False, "float"),
    }


def test_models_bodies_and_responses() -> None:
    api = api_of(
        oas(
            {
                "/orders": {
                    "post": {
                        "operationId": "createOrder",
                        "requestBody": {
                            "required": True,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/new-order"}
                                }
                            },
                        },
                        "responses": {
                            "201": {
                                "description": "c",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Order"}
                                    }
                                },
                            },
                            "400": {
                                "description": "e",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Error"}
                                    }
                                },
                            },
                        },
                    },
                    "get": {
                        "operationId": "listOrders",
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "object",
                                            "properties": {
                                                "items": {
                                                    "type": "array",
                                                    "items": {"$ref": "#/components/schemas/Order"},
                                                }
                                            },
                                        }
                                    }
                                },
                            }
                        },
                    },
                },
                "/orders/{id}": {
                    "delete": {"responses": {"204": {"description": "gone"}}},
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Empty"}
                                    }
                                },
                            }
                        }
                    },
                },
            },
            components={
                "schemas": {
                    "new-order": {"type": "object", "properties": {"sku": {"type": "string"}}},
                    "Order": {"type": "object", "properties": {"id": {"type": "string"}}},
                    "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
                    "Empty": {"title": "Empty Schema", "type": "object"},
                }
            },
        )
    )
    ops = {o.operation_id: o for o in api.operations}
    create = ops["createOrder"]
    assert create.body is not None and create.body.type == ir.TypeRef("NewOrder", ("NewOrder",))
    assert create.body.required and create.body.kind == "json"
    assert create.returns.annotation == "Order"
    assert [(e.status, e.type.annotation if e.type else None) for e in create.errors] == [
        ("400", "Error")
    ]
    assert ops["listOrders"].returns.annotation == "ListOrdersResponse"
    listed = api.model("ListOrdersResponse")
    assert listed is not None and listed.kind == "object"
    assert [(f.wire_name, f.type, f.required) for f in listed.fields] == [
        ("items", ir.ListType(ir.ModelType("Order")), False)
    ]
    assert ops["deleteOrdersById"].returns == ir.NONE
    # API Gateway's Empty model says nothing about the body: untyped JSON, not a model that drops data.
    assert ops["getOrdersById"].returns.annotation == "dict[str, Any]"
    assert {m.class_name for m in api.models} >= {
        "NewOrder",
        "Order",
        "Error",
        "Empty",
        "ListOrdersResponse",
    }


def test_untyped_success_responses_return_any() -> None:
    api = api_of(oas({"/a": {"get": {"responses": {"200": {"description": "200 response"}}}}}))
    assert api.operations[0].returns == ir.ANY


def test_security_kinds_from_apigateway_extensions() -> None:
    schemes = {
        "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
        "sigv4": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "x-amazon-apigateway-authtype": "awsSigv4",
        },
        "pool": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "x-amazon-apigateway-authtype": "cognito_user_pools",
        },
        "tokenAuth": {
            "type": "apiKey",
            "name": "authorizationToken",
            "in": "header",
            "x-amazon-apigateway-authtype": "custom",
        },
        "jwt": {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": {"type": "jwt"}},
    }
    api = api_of(
        oas(
            {"/a": {"get": {"security": [{"tokenAuth": []}, {"api_key": []}], "responses": OK}}},
            components={"securitySchemes": schemes},
        )
    )
    kinds = {s.key: (s.kind, s.wire_name, s.prefix) for s in api.security_schemes}
    assert kinds == {
        "api_key": ("api_key", "x-api-key", ""),
        "sigv4": ("sigv4", "Authorization", ""),
        "pool": ("cognito", "Authorization", ""),
        "tokenAuth": ("lambda", "authorizationToken", ""),
        "jwt": ("jwt", "Authorization", "Bearer "),
    }
    assert api.operations[0].security == (("tokenAuth",), ("api_key",))


def test_servers_and_stage() -> None:
    new = api_of(
        oas(
            {},
            servers=[
                {
                    "url": "https://abc.execute-api.us-east-1.amazonaws.com/{basePath}",
                    "variables": {"basePath": {"default": "/dev"}},
                }
            ],
        )
    )
    assert new.servers == (
        ir.Server(
            url="https://abc.execute-api.us-east-1.amazonaws.com/dev",
            stage="dev",
            stage_template="https://abc.execute-api.us-east-1.amazonaws.com/{stage}",
        ),
    )
    literal = api_of(
        oas({}, servers=[{"url": "https://abc.execute-api.us-east-1.amazonaws.com/prod"}])
    )
    assert literal.servers[0].stage == "prod"
    placeholder = api_of(
        oas(
            {},
            servers=[
                {
                    "url": "https://abc.execute-api.${AWS::Region}.amazonaws.com/{basePath}",
                    "variables": {"basePath": {"default": "s1"}},
                }
            ],
        )
    )
    assert placeholder.servers == ()
    assert [n.code for n in placeholder.notes] == ["unusable-server-url"]


def test_unresolved_refs_are_omissions_not_crashes() -> None:
    api = api_of(
        oas(
            {
                "/a": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {"schema": {"$ref": "#/definitions/Empty"}}
                                },
                            }
                        }
                    }
                }
            }
        )
    )
    assert api.operations[0].returns == ir.ANY
    assert [(o.code, o.pointer) for o in api.omissions] == [
        ("unresolved-ref", "/paths/~1a/get/responses/200/content/application~1json/schema")
    ]


def test_named_arrays_and_primitives_are_plain_types() -> None:
    api = api_of(
        oas(
            {
                "/items": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/ItemList"}
                                    }
                                },
                            }
                        }
                    }
                },
                "/ids": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Id"}
                                    }
                                },
                            }
                        }
                    }
                },
            },
            components={
                "schemas": {
                    "Item": {"type": "object", "properties": {"sku": {"type": "string"}}},
                    "ItemList": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                    "Id": {"type": "string"},
                }
            },
        )
    )
    returns = {op.path: op.returns for op in api.operations}
    assert returns["/items"] == ir.TypeRef("list[Item]", ("Item",))
    assert returns["/ids"] == ir.TypeRef("str")


def test_all_of_a_reference_and_its_annotations_is_the_reference() -> None:
    # amazonaws.com documents annotate references with an allOf member holding a description
    api = api_of(
        oas(
            {},
            components={
                "schemas": {
                    "Kind": {"type": "string", "enum": ["a", "b"]},
                    "Node": {
                        "type": "object",
                        "properties": {
                            "nested": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/Node"},
                                    {"description": "the nested node"},
                                ]
                            },
                            "kind": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/Kind"},
                                    {"description": "its kind", "default": "b", "nullable": True},
                                ]
                            },
                        },
                    },
                }
            },
        )
    )
    assert [m.class_name for m in api.models] == ["Kind", "Node"]  # no copy of Node
    node = api.model("Node")
    assert node is not None
    nested, kind = node.fields
    assert nested.type == ir.ModelType("Node") and nested.description == "the nested node"
    assert kind.type == ir.UnionType((ir.ModelType("Kind"), ir.NONE_TYPE))
    assert (kind.default, kind.description) == ("b", "its kind")


def test_enums_of_another_type_keep_a_type() -> None:
    api = api_of(
        oas(
            {},
            components={
                "schemas": {
                    "S": {
                        "type": "object",
                        "properties": {
                            "groups": {"type": "array", "enum": ["tax", "legal"]},
                            "shards": {"type": "integer", "enum": ["1", "2"]},
                        },
                    }
                }
            },
        )
    )
    model = api.model("S")
    assert model is not None
    groups, shards = (f.type for f in model.fields)
    assert groups == ir.ListType(ir.LiteralType(("tax", "legal")))
    assert shards == ir.UnionType((ir.ScalarType("int"), ir.LiteralType(("1", "2"))))
    assert {o.code for o in api.omissions} == {"enum-type-mismatch"}
