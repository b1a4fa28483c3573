"""Method and resource names of operations without an operationId: what a hand-written client
would call them (issue 13's table, and what the API Gateway exports hold besides)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator import ir
from generator.builder import build_api
from generator.builder.rest_names import singular, without_nouns
from generator.spec.normalize import normalize

OK = {"200": {"description": "ok"}}
LIST = {
    "200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}},
    }
}


def _op(**extra: Any) -> dict[str, Any]:
    return {"responses": copy.deepcopy(OK), **extra}


def api_of(paths: dict[str, Any], **document: Any) -> ir.Api:
    doc = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths, **document}
    return build_api(normalize(doc).document)


def names(paths: dict[str, Any], **document: Any) -> dict[str, str]:
    """``"GET /orders" -> "orders.list"`` for every operation of the client."""
    api = api_of(paths, **document)
    return {
        f"{op.method} {op.document_path}": f"{op.resource}.{op.python_name}"
        for op in api.operations
    }


ORDERS = {
    "/orders": {"get": _op(), "post": _op()},
    "/orders/{orderId}": {"get": _op(), "put": _op(), "delete": _op()},
    "/orders/{orderId}/items": {"get": _op(), "post": _op()},
    "/orders/{orderId}/items/{itemId}": {"delete": _op()},
    "/orders/{orderId}/cancel": {"post": _op()},
}


def test_the_table_of_the_issue() -> None:
    assert names(ORDERS) == {
        "GET /orders": "orders.list",
        "POST /orders": "orders.create",
        "GET /orders/{orderId}": "orders.retrieve",
        "PUT /orders/{orderId}": "orders.update",
        "DELETE /orders/{orderId}": "orders.delete",
        "GET /orders/{orderId}/items": "orders.items.list",
        "POST /orders/{orderId}/items": "orders.items.create",
        "DELETE /orders/{orderId}/items/{itemId}": "orders.items.delete",
        "POST /orders/{orderId}/cancel": "orders.cancel",
    }


@pytest.mark.parametrize(
    ("methods", "expected"),
    [
        (("patch",), {"PATCH": "update"}),
        (("put",), {"PUT": "update"}),
        (("put", "patch"), {"PUT": "replace", "PATCH": "update"}),
    ],
)
def test_put_and_patch(methods: tuple[str, ...], expected: dict[str, str]) -> None:
    paths = {"/orders": {"get": _op()}, "/orders/{orderId}": {m: _op() for m in methods}}
    found = names(paths)
    for method, name in expected.items():
        assert found[f"{method} /orders/{{orderId}}"] == f"orders.{name}"


def test_a_sub_collection_alone_is_a_list_when_it_returns_one() -> None:
    found = names({"/orders/{orderId}/items": {"get": _op(responses=copy.deepcopy(LIST))}})
    assert found == {"GET /orders/{orderId}/items": "orders.items.list"}


def test_singletons_and_actions() -> None:
    found = names(
        {
            "/health": {"get": _op()},
            "/me": {"get": _op(), "patch": _op()},
            "/admin/stats": {"get": _op()},
            "/houmer/{id}/speed": {"get": _op()},
            "/users/{id}/reinvite": {"post": _op()},
        }
    )
    assert found == {
        "GET /health": "health.retrieve",
        "GET /me": "me.retrieve",
        "PATCH /me": "me.update",
        "GET /admin/stats": "admin.stats",
        "GET /houmer/{id}/speed": "houmer.speed",
        "POST /users/{id}/reinvite": "users.reinvite",
    }


def test_root_greedy_paths_any_and_the_default_route() -> None:
    found = names(
        {
            "/": {"get": _op(), "post": _op()},
            "/{proxy+}": {"x-amazon-apigateway-any-method": _op()},
            "/echo/{data}": {"x-amazon-apigateway-any-method": _op()},
            "/urls/{id+}": {"get": _op()},
        }
    )
    assert found == {
        "GET /": "root.retrieve",
        "POST /": "root.create",
        "ANY /{proxy+}": "root.request",
        "ANY /echo/{data}": "echo.request",
        "GET /urls/{id+}": "urls.retrieve",
    }
    api = api_of({"/$default": {"x-amazon-apigateway-any-method": _op()}})
    assert [(op.resource, op.python_name) for op in api.operations] == [("root", "request")]


def test_versions_api_and_stage_prefixes_are_dropped_kebab_case_is_snake_case() -> None:
    found = names(
        {
            "/v1/compacts/{compact}/staff-users": {"get": _op(), "post": _op()},
            "/v1/compacts/{compact}/staff-users/{userId}": {"get": _op()},
        }
    )
    assert found == {
        "GET /v1/compacts/{compact}/staff-users": "compacts.staff_users.list",
        "POST /v1/compacts/{compact}/staff-users": "compacts.staff_users.create",
        "GET /v1/compacts/{compact}/staff-users/{userId}": "compacts.staff_users.retrieve",
    }
    assert (
        names({"/api/v2beta1/widgets": {"get": _op(), "post": _op()}})["GET /api/v2beta1/widgets"]
        == "widgets.list"
    )
    staged = names(
        {"/prod/orders": {"get": _op(), "post": _op()}},
        servers=[
            {
                "url": "https://abc.execute-api.eu-west-1.amazonaws.com/{basePath}",
                "variables": {"basePath": {"default": "prod"}},
            }
        ],
    )
    assert staged == {"GET /prod/orders": "orders.list", "POST /prod/orders": "orders.create"}


def test_two_versions_stay_apart() -> None:
    found = names(
        {"/v1/orders": {"get": _op(), "post": _op()}, "/v2/orders": {"get": _op(), "post": _op()}}
    )
    assert found["GET /v1/orders"] == "v1.orders.list"
    assert found["GET /v2/orders"] == "v2.orders.list"


def test_a_segment_naming_its_parameter_adds_no_level() -> None:
    path = "/providers/{providerId}/privileges/jurisdiction/{jurisdiction}/licenseType/{licenseType}/deactivate"
    api = api_of({path: {"post": _op()}})
    (op,) = api.operations
    assert (op.resource, op.python_name) == ("providers.privileges", "deactivate")
    assert [p.python_name for p in op.path_parameters] == [
        "provider_id",
        "jurisdiction",
        "license_type",
    ]


def test_cors_preflights_are_left_out_and_listed() -> None:
    cors = {
        "responses": {
            "200": {
                "description": "cors",
                "headers": {
                    "Access-Control-Allow-Origin": {"schema": {"type": "string"}},
                    "Access-Control-Allow-Methods": {"schema": {"type": "string"}},
                },
            }
        },
        "x-amazon-apigateway-integration": {"type": "mock"},
    }
    api = api_of({"/pets": {"get": _op(), "options": cors}, "/echo": {"options": _op()}})
    assert sorted(f"{op.method} {op.document_path}" for op in api.operations) == [
        "GET /pets",
        "OPTIONS /echo",  # an OPTIONS that answers more than CORS stays a method
    ]
    assert names({"/echo": {"options": _op()}}) == {"OPTIONS /echo": "echo.options"}
    (left_out,) = [d for d in api.omissions if d.code == "cors-preflight"]
    assert left_out.pointer == "/paths/~1pets/options" and left_out.severity == "info"


def test_operation_ids_drop_their_resource_noun_and_tags_choose_the_resource() -> None:
    found = names(
        {
            "/orders": {
                "get": _op(operationId="ListOrders"),
                "post": _op(operationId="createOrder"),
            },
            "/orders/{orderId}/cancel": {"post": _op(operationId="CancelOrder")},
            "/orders/{orderId}/items": {"get": _op(operationId="listOrderItems")},
            "/orders/{orderId}/items/{itemId}": {"get": _op()},
            "/payments": {"get": _op(operationId="listPayments", tags=["Billing Accounts"])},
            "/refunds": {"post": _op(operationId="Refund", tags=["billing-accounts"])},
        }
    )
    assert found == {
        "GET /orders": "orders.list",
        "POST /orders": "orders.create",
        "POST /orders/{orderId}/cancel": "orders.cancel",
        "GET /orders/{orderId}/items": "orders.items.list",
        "GET /orders/{orderId}/items/{itemId}": "orders.items.retrieve",
        "GET /payments": "billing_accounts.list_payments",
        "POST /refunds": "billing_accounts.refund",
    }


def test_noun_dropping_keeps_a_name() -> None:
    assert without_nouns("Orders", ("orders",)) == "orders"
    assert without_nouns("getOrderById", ("orders",)) == "get_by_id"
    assert without_nouns("listCategories", ("categories",)) == "list"
    assert without_nouns("updateCategory", ("categories",)) == "update"
    assert without_nouns("class", ("x",)) == "class_"
    assert singular("addresses") == "address" and singular("status") == "status"


def test_collisions_are_settled_in_document_order_with_path_derived_names() -> None:
    found = names(
        {
            "/jobs": {"get": _op(), "delete": _op()},
            "/jobs/delete": {"delete": _op()},
            "/jobs/{id}": {"get": _op(), "delete": _op()},
        }
    )
    assert found == {
        "GET /jobs": "jobs.list",
        "DELETE /jobs": "jobs.delete",
        "DELETE /jobs/delete": "jobs.delete_jobs_delete",
        "GET /jobs/{id}": "jobs.retrieve",
        "DELETE /jobs/{id}": "jobs.delete_jobs_by_id",
    }
    again = names(
        {
            "/jobs": {"get": _op(), "delete": _op()},
            "/jobs/delete": {"delete": _op()},
            "/jobs/{id}": {"get": _op(), "delete": _op()},
        }
    )
    assert again == found  # the same document gives the same names


def test_resource_and_method_names_never_shadow_what_the_client_and_classes_use() -> None:
    found = names(
        {
            "/close": {"get": _op()},
            "/with_raw_response": {"get": _op()},
            "/things/{id}/deprecated": {"post": _op()},
            "/things/{id}/date": {"post": _op()},
        }
    )
    assert found["GET /close"] == "close_2.retrieve"
    assert found["GET /with_raw_response"] == "with_raw_response_2.retrieve"
    assert found["POST /things/{id}/deprecated"] == "things.post_things_by_id_deprecated"
    assert found["POST /things/{id}/date"] == "things.post_things_by_id_date"


def test_keywords_stay_usable_names() -> None:
    found = names(
        {"/x": {"get": _op(tags=["import"])}, "/class/{id}": {"get": _op()}, "/l": {"get": _op()}}
    )
    assert found == {
        "GET /x": "import_.retrieve",
        "GET /class/{id}": "class_.retrieve",
        "GET /l": "l_.retrieve",  # ``l`` is an ambiguous name (E741)
    }
