"""The generated client's surface: methods, arguments, resources, models, types
(generator/diff/surface.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.diff_cases.builders import Doc, api, json_body, one, op
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids

S: Doc = {"type": "string"}


def _obj(props: dict[str, Any]) -> Doc:
    return {"type": "object", "properties": props}


def _with(operation: Doc, **extra: Any) -> Doc:
    return {**copy.deepcopy(operation), **extra}


def _client_cases() -> list[Case]:
    named = {"Order": _obj({"id": S}), "Invoice": _obj({"total": S})}
    get_order = op(
        operationId="getOrder",
        tags=["orders"],
        responses={
            "200": {"description": "OK", **json_body({"$ref": "#/components/schemas/Order"})}
        },
    )
    base = one(get_order, path="/orders/{orderId}", schemas=named)
    list_orders = op(operationId="listOrders", tags=["orders"])

    def body_of(ref: str) -> Doc:
        return one(
            op(operationId="createOrder", requestBody=json_body({"$ref": ref})),
            method="post",
            path="/orders",
            schemas=named,
        )

    query = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    renamed_schemas = {"Purchase": named["Order"], "Invoice": named["Invoice"]}
    return [
        (
            "client-method-renamed",
            base,
            one(
                _with(get_order, operationId="fetchOrder"), path="/orders/{orderId}", schemas=named
            ),
        ),
        (
            "client-method-moved",
            api(
                {"/orders": {"get": list_orders}, "/orders/{orderId}": {"get": get_order}},
                schemas=named,
            ),
            api(
                {
                    "/orders": {"get": list_orders},
                    "/orders/{orderId}": {"get": _with(get_order, tags=["admin"])},
                },
                schemas=named,
            ),
        ),
        (
            "client-resource-renamed",
            base,
            one(_with(get_order, tags=["purchases"]), path="/orders/{orderId}", schemas=named),
        ),
        ("client-argument-renamed", base, one(get_order, path="/orders/{id}", schemas=named)),
        (
            "client-argument-removed",
            one(op(operationId="listOrders", parameters=[query])),
            one(op(operationId="listOrders")),
        ),
        (
            "client-body-type-changed",
            body_of("#/components/schemas/Order"),
            body_of("#/components/schemas/Invoice"),
        ),
        (
            "client-return-type-changed",
            base,
            one(
                _with(
                    get_order,
                    responses={
                        "200": {
                            "description": "OK",
                            **json_body(
                                {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}
                            ),
                        }
                    },
                ),
                path="/orders/{orderId}",
                schemas=named,
            ),
        ),
        (
            "client-model-renamed",
            base,
            one(
                _with(
                    get_order,
                    responses={
                        "200": {
                            "description": "OK",
                            **json_body({"$ref": "#/components/schemas/Purchase"}),
                        }
                    },
                ),
                path="/orders/{orderId}",
                schemas=renamed_schemas,
            ),
        ),
        (
            "client-model-removed",
            base,
            one(
                _with(
                    get_order,
                    responses={"200": {"description": "OK", **json_body(_obj({"id": S}))}},
                ),
                path="/orders/{orderId}",
                schemas={"Invoice": named["Invoice"]},
            ),
        ),
    ]


def _quiet_cases() -> list[Case]:
    named = {"Order": _obj({"id": S}), "Invoice": _obj({"total": S})}
    get_order = op(
        operationId="getOrder",
        tags=["orders"],
        responses={
            "200": {"description": "OK", **json_body({"$ref": "#/components/schemas/Order"})}
        },
    )
    base = one(get_order, path="/orders/{orderId}", schemas=named)
    inline = one(
        _with(get_order, responses={"200": {"description": "OK", **json_body(_obj({"id": S}))}}),
        path="/orders/{orderId}",
        schemas=named,
    )
    items = op(operationId="listItems", parameters=[{"name": "q", "in": "query", "schema": S}])
    two = api({"/items": {"get": items, "post": op(operationId="createItem")}})
    return [
        # a documentation change, an added operation, a schema moved inline while still defined
        (
            "client-method-renamed",
            base,
            one(_with(get_order, summary="Get"), path="/orders/{orderId}", schemas=named),
        ),
        (
            "client-method-moved",
            base,
            api(
                {
                    "/orders/{orderId}": {"get": get_order},
                    "/invoices": {"get": op(operationId="listInvoices")},
                },
                schemas=named,
            ),
        ),
        (
            "client-resource-renamed",
            base,
            one(
                _with(get_order, tags=["orders", "admin"]), path="/orders/{orderId}", schemas=named
            ),
        ),
        ("client-argument-renamed", base, base),
        (
            "client-argument-removed",
            one(items),
            one(
                _with(
                    items, parameters=[{"name": "q", "in": "query", "schema": S, "required": True}]
                )
            ),
        ),
        (
            "client-body-type-changed",
            one(
                op(
                    operationId="createOrder",
                    requestBody=json_body({"$ref": "#/components/schemas/Order"}),
                ),
                method="post",
                path="/orders",
                schemas=named,
            ),
            one(
                op(operationId="createOrder", requestBody=json_body(_obj({"id": S}))),
                method="post",
                path="/orders",
                schemas=named,
            ),
        ),
        ("client-return-type-changed", base, inline),
        (
            "client-model-renamed",
            base,
            one(get_order, path="/orders/{orderId}", schemas={**named, "Extra": _obj({})}),
        ),
        ("client-model-removed", base, inline),
        # an operation removed without deprecation is operation-removed, not this
        ("client-method-removed", two, one(items)),
    ]


FIRES: list[Case] = [
    *_client_cases(),
    (
        "client-method-removed",
        api(
            {
                "/items": {
                    "get": op(operationId="listItems"),
                    "post": op(operationId="createItem", deprecated=True),
                }
            }
        ),
        one(op(operationId="listItems")),
    ),
]
QUIET: list[Case] = _quiet_cases()


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
