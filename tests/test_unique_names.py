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

from tests.support.generated import generate_package, imported

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
