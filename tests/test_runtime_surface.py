"""What a consumer of a generated client sees: deprecations, help(), the README, typed calls."""

from __future__ import annotations

import asyncio
import inspect
import pydoc
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from tests.support.fault_server import FaultServer
from tests.support.generated import GeneratedClient, Mode, Package, generate_package, imported

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
SURFACE_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "surface", "version": "1.0"},
    "paths": {
        "/widgets": {
            "get": {
                "operationId": "listWidgets",
                "summary": "List the widgets",
                "parameters": [
                    {"name": "old", "in": "query", "deprecated": True, "schema": {"type": "string"}}
                ],
                "responses": OK,
            },
            "delete": {"operationId": "purgeWidgets", "deprecated": True, "responses": OK},
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}
                    }
                },
                "responses": OK,
            },
        },
        "/gadgets": {"get": {"operationId": "listGadgets", "responses": OK}},
    },
    "components": {
        "schemas": {"Widget": {"type": "object", "properties": {"name": {"type": "string"}}}}
    },
}


@pytest.fixture(scope="module")
def surface_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    return generate_package(tmp_path_factory.mktemp("surface"), "surface", SURFACE_DOCUMENT)


@pytest.fixture(scope="module")
def surface(surface_project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "surface"): surface_project}) as packages:
        yield packages[cast(Any, "surface")]


def _call(package: Package, mode: Mode, server: FaultServer, method: str, **kwargs: Any) -> Any:
    op = package.operation("DELETE" if method == "purge_widgets" else "GET", "/widgets")
    cls = package.module.Client if mode == "sync" else package.module.AsyncClient
    client = cls(base_url=server.url("/prod"), max_retries=0)
    result = getattr(getattr(client, op.resource), method)(**kwargs)
    if inspect.isawaitable(result):
        return asyncio.run(cast(Any, result))
    return result


def test_deprecated_operations_and_parameters_warn_at_call_time(
    surface: Package, mode: Mode
) -> None:
    with FaultServer() as server:
        with pytest.warns(DeprecationWarning, match="DELETE /widgets is deprecated"):
            _call(surface, mode, server, "purge_widgets")
        with pytest.warns(DeprecationWarning, match="'old' is deprecated"):
            _call(surface, mode, server, "list_widgets", old="x")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _call(surface, mode, server, "list_widgets")  # not passing it: no warning
        assert server.requests[-2].raw_query == "old=x"


def test_type_checkers_flag_deprecated_operations(surface_project: GeneratedClient) -> None:
    usage = surface_project.project_dir / "usage.py"
    resource = surface_project.operation("DELETE", "/widgets").resource
    usage.write_text(
        "from surface_client import Client\n\n"
        f"Client(base_url='http://x').{resource}.purge_widgets()\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--enable-error-code", "deprecated", "usage.py"],
        cwd=surface_project.project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "is deprecated" in result.stdout, result.stdout
    pyproject = (surface_project.project_dir / "pyproject.toml").read_text()
    assert "typing-extensions" in pyproject


def test_help_and_dir_show_resources_and_their_operations(surface: Package) -> None:
    client = surface.module.Client(base_url="http://127.0.0.1:9")
    resources = {op.resource for op in surface.generated.operations}
    assert len(resources) == 2 and resources <= set(dir(client))
    text = pydoc.render_doc(client, renderer=pydoc.plaintext)  # type: ignore[attr-defined]
    for resource in resources:
        assert re.search(rf"^ \|  {resource}$", text, re.MULTILINE), text
    widgets = surface.operation("GET", "/widgets").resource
    doc = inspect.getdoc(getattr(type(client), widgets)) or ""
    assert "list_widgets" in doc and "purge_widgets" in doc and "List the widgets" in doc
    assert "list_widgets" in (inspect.getdoc(type(getattr(client, widgets))) or "")


def test_generated_methods_are_typed_without_cast_or_eval(surface_project: GeneratedClient) -> None:
    for path in surface_project.package_dir.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "cast(" not in text or path.name.startswith("_"), path
        assert "eval(" not in text, path


def test_readme_summaries_bodies_returns_and_a_safe_install_line(
    surface_project: GeneratedClient,
) -> None:
    readme = (surface_project.project_dir / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    assert len(rows) == 4
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2], row  # the summary is never empty
    post = next(r for r in rows if "`POST /widgets`" in r)
    assert "Post to /widgets" in post and "`Widget`" in post
    assert "--index-url" in readme
    assert not re.search(r"^pip install surface-client$", readme, re.MULTILINE)
    assert "purge_widgets()" in readme and "list_gadgets()" in readme


def test_runtime_modules_are_all_copied(surface_project: GeneratedClient) -> None:
    runtime = Path(__file__).parents[1] / "generator" / "render" / "runtime"
    expected = {p.name for p in runtime.glob("_*.py")}
    copied = {p.name for p in surface_project.package_dir.glob("_*.py")} - {
        "_client.py",
        "__init__.py",
    }
    assert copied == expected
    for name in expected:
        assert (surface_project.package_dir / name).read_bytes() != b""
