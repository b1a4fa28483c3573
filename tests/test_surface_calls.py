"""How a consumer calls a generated client: path parameters positionally or by keyword (the rest
keyword-only), a JSON object body's properties as keyword arguments (``body=`` still takes the
model or a dict), and ``help()``/``dir()`` showing resources, nested resources and operations."""

from __future__ import annotations

import copy
import inspect
import json
import pydoc
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from tests.support.generated import GeneratedClient, Package, generate_package, imported

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
ORDER_ID = {"name": "orderId", "in": "path", "required": True, "schema": {"type": "string"}}
ITEM_ID = {"name": "itemId", "in": "path", "required": True, "schema": {"type": "integer"}}


def _op(**extra: Any) -> dict[str, Any]:
    return {"responses": copy.deepcopy(OK), **extra}


def _body(ref: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": ref}}}}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "calls", "version": "1"},
    "paths": {
        "/orders": {"get": _op(), "post": _op(requestBody=_body("#/components/schemas/NewOrder"))},
        "/orders/{orderId}": {"parameters": [ORDER_ID], "get": _op()},
        "/orders/{orderId}/items": {"parameters": [ORDER_ID], "get": _op()},
        "/orders/{orderId}/items/{itemId}": {
            "parameters": [ORDER_ID, ITEM_ID],
            "patch": _op(
                summary="Change an item",
                parameters=[{"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}],
                requestBody=_body("#/components/schemas/ItemPatch"),
            ),
        },
        "/orders/{orderId}/cancel": {"parameters": [ORDER_ID], "post": _op(summary="Cancel")},
    },
    "components": {
        "schemas": {
            "NewOrder": {
                "type": "object",
                "required": ["customerId"],
                "properties": {
                    "customerId": {"type": "string"},
                    "quantity": {"type": "integer"},
                    "note": {"type": "string", "nullable": True},
                },
            },
            "ItemPatch": {  # ``orderId`` and ``dryRun`` collide with the parameters' names
                "type": "object",
                "properties": {
                    "orderId": {"type": "string"},
                    "dry_run": {"type": "boolean"},
                    "count": {"type": "integer"},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def calls_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    return generate_package(tmp_path_factory.mktemp("calls"), "calls", DOCUMENT)


@pytest.fixture(scope="module")
def calls(calls_project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "calls"): calls_project}) as packages:
        yield packages[cast(Any, "calls")]


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


def _client(calls: Package) -> tuple[Any, Recorder]:
    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return calls.module.Client(base_url="https://api.example.test", http_client=http), recorder


def test_path_parameters_positionally_in_path_order_or_by_keyword(calls: Package) -> None:
    client, recorder = _client(calls)
    client.orders.retrieve("o1")
    client.orders.retrieve(order_id="o2")
    client.orders.items.update("o3", 7, count=1)
    client.orders.items.update(item_id=8, order_id="o4", count=2)
    client.orders.cancel("o5")
    assert [r.url.path for r in recorder.requests] == [
        "/orders/o1",
        "/orders/o2",
        "/orders/o3/items/7",
        "/orders/o4/items/8",
        "/orders/o5/cancel",
    ]
    signature = inspect.signature(client.orders.items.update)
    kinds = {name: p.kind for name, p in signature.parameters.items()}
    assert kinds["order_id"] == kinds["item_id"] == inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert list(kinds)[:2] == ["order_id", "item_id"]
    assert all(
        k == inspect.Parameter.KEYWORD_ONLY
        for n, k in kinds.items()
        if n not in {"order_id", "item_id"}
    )
    with pytest.raises(TypeError):
        client.orders.items.update("o", 1, True)  # the query parameter is keyword-only


def test_a_json_body_is_keyword_arguments_or_body(calls: Package) -> None:
    client, recorder = _client(calls)
    client.orders.create(customer_id="c1", quantity=2)
    client.orders.create(customer_id="c2", note=None)  # nullable: None is sent
    client.orders.create(body={"customerId": "c3"})
    client.orders.create(body=calls.models.NewOrder(customerId="c4", note="n"))
    assert recorder.bodies() == [
        {"customerId": "c1", "quantity": 2},
        {"customerId": "c2", "note": None},
        {"customerId": "c3"},
        {"customerId": "c4", "note": "n"},
    ]
    with pytest.raises(calls.module.InvalidRequestError, match="either as body= or"):
        client.orders.create(customer_id="c5", body={"customerId": "c5"})
    assert len(recorder.requests) == 4


def test_body_properties_that_collide_with_parameters_get_their_own_names(
    calls: Package, calls_project: GeneratedClient
) -> None:
    op = calls_project.operation("PATCH", "/orders/{orderId}/items/{itemId}")
    arguments = {a["name"]: a["python_name"] for a in op.raw["body"]["arguments"]}
    assert arguments == {"orderId": "order_id_body", "dry_run": "dry_run_body", "count": "count"}
    client, recorder = _client(calls)
    client.orders.items.update("o1", 1, dry_run=True, order_id_body="x", dry_run_body=False)
    (request,) = recorder.requests
    assert request.url.path == "/orders/o1/items/1"
    assert request.url.params["dryRun"] == "true"
    assert json.loads(request.content) == {"orderId": "x", "dry_run": False}


def test_type_checkers_see_each_body_property(calls_project: GeneratedClient) -> None:
    usage = calls_project.project_dir / "usage_calls.py"
    usage.write_text(
        "from calls_client import Client\n\n"
        "client = Client(base_url='http://x')\n"
        "client.orders.create(customer_id='c', quantity=1, note=None)\n"
        "client.orders.create(body={'customerId': 'c'})\n"
        "client.orders.items.update('o', 1, count=2)\n"
        "client.orders.create(customer_id='c', quantity='many')  # wrong type\n"
        "client.orders.create(quantity=1)  # customer_id is required\n"
        "client.orders.items.update('o', '1')  # item_id is an int\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage_calls.py"],
        cwd=calls_project.project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = sorted(
        {int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line}
    )
    assert errors == [7, 8, 9], result.stdout


def test_help_and_dir_show_nested_resources_and_their_operations(calls: Package) -> None:
    client, _ = _client(calls)
    assert "orders" in dir(client)
    assert {"items", "list", "create", "retrieve", "cancel"} <= set(dir(client.orders))
    doc = inspect.getdoc(type(client.orders)) or ""
    # each operation by its summary, else its method and path; nested resources after them
    for line in ("- ``list``: GET /orders", "- ``cancel``: Cancel", "- ``items``: 2 operation(s)"):
        assert line in doc, doc
    items_doc = inspect.getdoc(type(client.orders.items)) or ""
    assert "- ``list``: GET /orders/{orderId}/items" in items_doc
    assert "- ``update``: Change an item" in items_doc
    render = pydoc.plaintext  # type: ignore[attr-defined]
    text = pydoc.render_doc(client.orders, renderer=render)
    assert re.search(r"^ \|  items$", text, re.MULTILINE), text
    assert "update(self, order_id: 'str', item_id: 'int'" in pydoc.render_doc(
        client.orders.items, renderer=render
    )


def test_the_readme_table_uses_the_client_names(calls_project: GeneratedClient) -> None:
    readme = (Path(calls_project.project_dir) / "README.md").read_text(encoding="utf-8")
    for call in ("client.orders.list()", "client.orders.items.update(", "client.orders.cancel("):
        assert call in readme, call
