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
        "/gadgets": {
            "get": {
                "operationId": "listGadgets",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {
                        "name": "legacy",
                        "in": "query",
                        "deprecated": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "X-Old-Trace",
                        "in": "header",
                        "deprecated": True,
                        "schema": {"type": "string"},
                    },
                ],
                "responses": OK,
            }
        },
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


def _call(
    package: Package,
    mode: Mode,
    server: FaultServer,
    method: str,
    path: str = "/widgets",
    **kwargs: Any,
) -> Any:
    op = package.operation("DELETE" if method == "purge" else "GET", path)
    base_url = server.url("/prod")
    if mode == "sync":
        with package.module.Client(base_url=base_url, max_retries=0) as client:
            return getattr(getattr(client, op.resource), method)(**kwargs)

    async def call() -> Any:
        async with package.module.AsyncClient(base_url=base_url, max_retries=0) as client:
            result = getattr(getattr(client, op.resource), method)(**kwargs)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(call())


def test_deprecated_operations_and_parameters_warn_at_call_time(
    surface: Package, mode: Mode
) -> None:
    with FaultServer() as server:
        with pytest.warns(DeprecationWarning, match="DELETE /widgets is deprecated"):
            _call(surface, mode, server, "purge")
        with pytest.warns(DeprecationWarning, match="'old' is deprecated"):
            _call(surface, mode, server, "list", old="x")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _call(surface, mode, server, "list")  # not passing it: no warning
        assert server.requests[-2].raw_query == "old=x"
        for passed in ({"legacy": "x"}, {"x_old_trace": "t", "limit": 2}):
            with pytest.warns(DeprecationWarning, match="'(legacy|X-Old-Trace)' is deprecated"):
                _call(surface, mode, server, "list", "/gadgets", **passed)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _call(surface, mode, server, "list", "/gadgets", limit=2)
        assert server.requests[-1].raw_query == "limit=2"
        assert server.requests[-2].headers.get("x-old-trace") == "t"


# Calls as a user writes them: mypy must flag exactly the lines marked "flagged".
USAGE = """\
from surface_client import AsyncClient, Client

client = Client(base_url="http://x")
{gadgets} = client.{gadgets}
{gadgets}.list()
{gadgets}.list(limit=2)
{gadgets}.list(legacy="x")  # flagged
{gadgets}.list(limit=2, x_old_trace="t")  # flagged
client.{widgets}.list(old="x")  # flagged
client.{widgets}.purge()  # flagged
client.{widgets}.create(name="w")


async def main() -> None:
    async with AsyncClient(base_url="http://x") as aclient:
        await aclient.{gadgets}.list(limit=2)
        await aclient.{gadgets}.list(legacy="x")  # flagged
"""


def test_type_checkers_flag_exactly_the_calls_passing_a_deprecated_parameter(
    surface_project: GeneratedClient,
) -> None:
    usage = surface_project.project_dir / "usage_parameters.py"
    text = USAGE.format(
        gadgets=surface_project.operation("GET", "/gadgets").resource,
        widgets=surface_project.operation("GET", "/widgets").resource,
    )
    usage.write_text(text, encoding="utf-8")
    flagged = {n for n, line in enumerate(text.splitlines(), 1) if line.endswith("# flagged")}

    def mypy(*options: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", *options],
            cwd=surface_project.project_dir,
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    # the package and every call are well typed: deprecation aside, nothing to report
    clean = mypy(surface_project.import_name, usage.name)
    assert clean.startswith("Success"), clean
    output = mypy("--enable-error-code", "deprecated", usage.name)
    reported = {
        int(m.group(1))
        for m in re.finditer(rf"^{usage.name}:(\d+): error: .* is deprecated", output, re.M)
    }
    assert reported == flagged, output
    assert "parameters 'legacy', 'x_old_trace' are deprecated (GET /gadgets)" in output
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
    assert "``list``: List the widgets" in doc and "``purge``: DELETE /widgets" in doc
    assert "``list``" in (inspect.getdoc(type(getattr(client, widgets))) or "")


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
    assert "client.widgets.purge()" in readme and "client.gadgets.list()" in readme


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
