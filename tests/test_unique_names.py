"""Every generated name that must be unique is unique, so every method calls its own operation.

The document is built to collide: operationIds that only differ past the identifier length
limit, or only in punctuation and case, in one resource. Each method is called and the request
it sends must be its own operation's method and path (a real defect once sent the encumbrance
PATCH to the investigation path, because two module constants clipped to one name).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import httpx

from tests.support.generated import generate_package, imported, resource_of

LONG = "updateTheProviderLicenseJurisdictionLicenseTypeRecordForTheCompactAndTheStateOf"
NO_CONTENT = {"204": {"description": "done"}}


def _op(operation_id: str) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": NO_CONTENT}


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


COLLIDING: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "collide", "version": "1.0"},
    "servers": [{"url": "https://abc123defg.execute-api.us-east-1.amazonaws.com/prod"}],
    "paths": {
        "/things/{a}/encumbrance": {
            "parameters": [_path_param("a")],
            "post": {**_op(LONG + "EncumbranceCreate"), "tags": ["things"]},
        },
        "/things/{a}/encumbrance/{b}": {
            "parameters": [_path_param("a"), _path_param("b")],
            "patch": {**_op(LONG + "EncumbranceUpdate"), "tags": ["things"]},
        },
        "/things/{a}/investigation": {
            "parameters": [_path_param("a")],
            "post": {**_op(LONG + "InvestigationCreate"), "tags": ["things"]},
        },
        "/things/{a}/investigation/{b}": {
            "parameters": [_path_param("a"), _path_param("b")],
            "patch": {**_op(LONG + "InvestigationUpdate"), "tags": ["things"]},
        },
        "/things/{a}/deactivate": {
            "parameters": [_path_param("a")],
            "post": {**_op(LONG + "Deactivate"), "tags": ["things"]},
        },
        "/things/x": {"get": {**_op("get-thing"), "tags": ["things"]}},
        "/things/y": {"get": {**_op("get_thing"), "tags": ["things"]}},
        "/things/z": {"get": {**_op("getThing"), "tags": ["things"]}},
        "/things/w": {"get": {**_op("GetThing"), "tags": ["things"]}},
    },
}


def test_every_method_sends_its_own_operation(tmp_path: Path) -> None:
    project = generate_package(tmp_path, "collide", COLLIDING)
    operations = project.manifest["operations"]
    names = [(op["resource"], op["python_name"]) for op in operations]
    assert len(set(names)) == len(names) == 9

    sent: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.method, request.url.path))
        return httpx.Response(204)

    with imported({cast(Any, "collide"): project}) as packages:
        module = packages[cast(Any, "collide")].module
        http = httpx.Client(transport=httpx.MockTransport(handler))
        client = module.Client(base_url="https://api.example.test/prod", http_client=http)
        for op in operations:
            sent.clear()
            method = getattr(getattr(client, op["resource"]), op["python_name"])
            args = {p["python_name"]: "v" for p in op["parameters"] if p["in"] == "path"}
            method(**args)
            expected_path = "/prod" + re.sub(r"\{[^}]+\}", "v", op["path"])
            assert sent == [(op["method"], expected_path)], op["python_name"]


def test_colliding_names_type_check(tmp_path: Path) -> None:
    project = generate_package(tmp_path, "collide", COLLIDING)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", project.import_name],
        cwd=project.project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- every name that must be unique comes from one registry --------------------------------

COLLIDING_SURFACE: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "collide surface", "version": "1.0"},
    "paths": {
        # a top-level resource and a nested one that would share a module (orders_items)
        "/orders_items": {"get": _op("listOrdersItems")},
        "/orders/{a}/items": {
            "parameters": [_path_param("a")],
            "get": {"responses": NO_CONTENT},
            "post": {"responses": NO_CONTENT},
        },
        "/orders/{a}": {"parameters": [_path_param("a")], "get": {"responses": NO_CONTENT}},
        # a resource whose class name a model has already (OrdersResource)
        "/things": {"get": {"responses": NO_CONTENT}},
        # REST names that collide in one resource: the later one takes its path-derived name
        "/things/list": {"get": {"responses": NO_CONTENT}},
        "/things/{a}": {
            "parameters": [_path_param("a")],
            "get": {"responses": NO_CONTENT},
            "post": {"responses": NO_CONTENT},
        },
        "/things/{a}/x": {"parameters": [_path_param("a")], "post": _op("retrieve")},
    },
    "components": {
        "schemas": {
            "OrdersResource": {"type": "object", "properties": {"a": {"type": "string"}}},
            "ThingsResourceWithRawResponse": {
                "type": "object",
                "properties": {"b": {"type": "string"}},
            },
        }
    },
}


def test_colliding_resources_modules_classes_methods_and_constants(tmp_path: Path) -> None:
    project = generate_package(tmp_path, "collide_surface", COLLIDING_SURFACE)
    operations = project.manifest["operations"]
    methods = [(op["resource"], op["python_name"]) for op in operations]
    assert len(set(methods)) == len(methods) == 9
    modules = sorted(p.stem for p in (project.package_dir / "resources").glob("*.py"))
    assert len(modules) == len(set(modules))
    assert "orders_items" in modules and "orders_items_2" in modules
    text = "\n".join(p.read_text() for p in (project.package_dir / "resources").glob("*.py"))
    constants = re.findall(r"^(_[A-Z0-9_]+): Operation", text, re.MULTILINE)
    assert len(constants) == len(set(constants)) == 9
    classes = re.findall(r"^class (\w+)", text, re.MULTILINE)
    models = {m["class"] for m in project.manifest["models"]}
    assert not set(classes) & models and len(classes) == len(set(classes))

    sent: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.method, request.url.path))
        return httpx.Response(204)

    with imported({cast(Any, "collide_surface"): project}) as packages:
        module = packages[cast(Any, "collide_surface")].module
        http = httpx.Client(transport=httpx.MockTransport(handler))
        client = module.Client(base_url="https://api.example.test/prod", http_client=http)
        for op in operations:
            sent.clear()
            method = resource_of(client, op["resource"])
            args = ["v" for p in op["parameters"] if p["in"] == "path"]
            getattr(method, op["python_name"])(*args)
            expected_path = "/prod" + re.sub(r"\{[^}]+\}", "v", op["path"])
            assert sent == [(op["method"], expected_path)], op["python_name"]


SAME_NAME = Path(__file__).parent / "corpus" / "opc-e2e" / "baseline_openapi_3.0.json"


def test_parameters_unique_by_name_and_location_are_all_arguments(tmp_path: Path) -> None:
    """openapi-python-client's documents: a query, header and cookie ``param`` beside the path
    ``param`` are four arguments, and one call sends all four where they belong."""
    import json

    project = generate_package(tmp_path, "opc", json.loads(SAME_NAME.read_text(encoding="utf-8")))
    assert not [o for o in project.manifest["omitted"] if o["code"] == "duplicate-parameter-name"]
    same = project.operation("GET", "/same-name-multiple-locations/{param}")
    arguments = {(p["in"], p["python_name"]) for p in same.raw["parameters"]}
    assert arguments == {
        ("path", "param"),
        ("query", "param_query"),
        ("header", "param_header"),
        ("cookie", "param_cookie"),
    }
    overriding = project.operation("GET", "/common_parameters_overriding/{param}")
    assert {(p["in"], p["python_name"]) for p in overriding.raw["parameters"]} == {
        ("path", "param"),
        ("query", "param_query"),
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    with imported({cast(Any, "opc"): project}) as packages:
        module = packages[cast(Any, "opc")].module
        http = httpx.Client(transport=httpx.MockTransport(handler))
        client = module.Client(base_url="https://api.example.test", http_client=http)
        same.bound(client)("in-path", param_query="q", param_header="h", param_cookie="c")
        overriding.bound(client)(param="p", param_query="pq")
    first, second = seen
    assert first.url.path == "/same-name-multiple-locations/in-path"
    assert first.url.params["param"] == "q"
    assert first.headers["param"] == "h"
    assert first.headers["cookie"] == "param=c"
    assert second.url.path == "/common_parameters_overriding/p"
    assert dict(second.url.params) == {"param": "pq"}
