"""openapi-python-client's end-to-end documents (tests/corpus/opc-e2e, MIT), run as a user runs
``sdkgen generate``: each one gives a client that imports, passes ``mypy --strict`` and ruff,
and has every operation and every parameter of the document.

The baselines (OpenAPI 3.0 and 3.1, 50 operations, 97 schemas) are what the peer's golden
records come from. ``documents_with_errors/`` are documents the peer refuses with
``--fail-on-warning``; sdkgen repairs or leaves out the broken part, says where, and
generates the rest:

- bad-status-code: a response under ``abcdef`` (not a status code) is left out;
- circular-body-ref: a request body that is a ``$ref`` to itself is left out (the operation
  is generated without a body);
- invalid-uuid-defaults: query parameter defaults that are not UUIDs change nothing (a client
  never sends or applies a parameter's default: the server does);
- missing-body-ref: a request body ``$ref`` to nothing is left out;
- optional-path-param: a path parameter not marked required is made required (a repair).

Parameters that share their name with another parameter of their operation in another location
(``param`` in path, query, header and cookie of ``/same-name-multiple-locations/{param}``;
``param`` in path and query of ``/common_parameters_overriding/{param}``) are each an argument,
named after its location past the first, and each is sent where it belongs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.corpus.locations import OPC_E2E
from generator.corpus.typecheck import run_mypy, run_ruff
from generator.spec.diagnostics import pointer_target
from generator.spec.load import load_file
from tests.support.inline import Outcome, run_generate

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
BASELINES = ["baseline_openapi_3.0.json", "baseline_openapi_3.1.yaml"]


@dataclass(frozen=True)
class Expected:
    """What sdkgen makes of one document."""

    models: int
    omitted: frozenset[tuple[str, str]] = frozenset()  # (code, pointer)


DOCUMENTS: dict[str, Expected] = {
    "baseline_openapi_3.0.json": Expected(models=106),
    "baseline_openapi_3.1.yaml": Expected(models=106),
    "3.1_specific.openapi.yaml": Expected(models=2),
    "openapi_3.1_enums.yaml": Expected(models=8),
    "documents_with_errors/bad-status-code.yaml": Expected(
        models=0, omitted=frozenset({("invalid-status-code", "/paths/~1/get/responses/abcdef")})
    ),
    "documents_with_errors/circular-body-ref.yaml": Expected(
        models=0, omitted=frozenset({("recursive-ref", "/paths/~1/post/requestBody")})
    ),
    "documents_with_errors/invalid-uuid-defaults.yaml": Expected(models=0),
    "documents_with_errors/missing-body-ref.yaml": Expected(
        models=0, omitted=frozenset({("unresolved-ref", "/paths/~1/post/requestBody")})
    ),
    "documents_with_errors/optional-path-param.yaml": Expected(models=0),
}


def test_every_vendored_document_is_listed() -> None:
    found = {
        str(p.relative_to(OPC_E2E))
        for p in OPC_E2E.rglob("*")
        if p.suffix in (".json", ".yaml", ".yml")
    }
    assert found == set(DOCUMENTS)


class Generated(dict[str, Outcome]):
    """Each document generated (once) when a test first asks for it."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def __missing__(self, name: str) -> Outcome:
        out = self.root / name.replace("/", "_").replace(".", "_")
        outcome = self[name] = run_generate(OPC_E2E / name, out, name="e2e-client")
        return outcome


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return Generated(tmp_path_factory.mktemp("opc-e2e"))


def document_parameters(doc: Mapping[str, Any], path: str, method: str) -> set[tuple[str, str]]:
    """(name, location) of an operation's parameters: the path's, overridden by its own."""
    item = doc["paths"][path]
    merged: dict[tuple[str, str], None] = {}
    for raw in [*item.get("parameters", []), *item[method].get("parameters", [])]:
        param = pointer_target(doc, raw["$ref"]) if "$ref" in raw else raw
        merged[(param["name"], param["in"])] = None
    return set(merged)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_generates_every_operation_and_parameter(generated: Generated, name: str) -> None:
    outcome = generated[name]
    assert outcome.exit_code == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    doc = load_file(OPC_E2E / name).data
    manifest = outcome.manifest
    assert len(manifest["models"]) == DOCUMENTS[name].models
    operations = {(o["method"], o["path"]): o for o in manifest["operations"]}
    expected = {
        (method.upper(), path): path
        for path, item in doc["paths"].items()
        for method in HTTP_METHODS
        if method in item
    }
    assert set(operations) == set(expected)
    for (method, path), op in operations.items():
        got = {(p["name"], p["in"]) for p in op["parameters"]}
        assert got == document_parameters(doc, path, method.lower()), (method, path)
        arguments = [p["python_name"] for p in op["parameters"]]
        assert len(set(arguments)) == len(arguments), (method, path, arguments)
    omitted = {(o["code"], o["pointer"]) for o in manifest["omitted"]}
    assert omitted == DOCUMENTS[name].omitted
    for code, pointer in omitted:  # each one printed as a located warning
        assert f"warning: {pointer}: " in outcome.stderr
        assert f"[{code}]" in outcome.stderr


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_client_imports(generated: Generated, name: str) -> None:
    outcome = generated[name]
    script = (
        f"import {outcome.import_name} as package, {outcome.import_name}.models\n"
        "client = package.Client(base_url='https://api.example.test')\n"
        "for name in dir(client):\n"
        "    if not name.startswith('_'):\n"
        "        getattr(client, name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=outcome.project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_client_is_lint_and_type_clean(generated: Generated, name: str, tmp_path: Path) -> None:
    outcome = generated[name]
    clean, output = run_mypy(outcome.package_dir, tmp_path / "mypy-cache", timeout=900)
    assert clean, output
    clean, output = run_ruff(outcome.project, timeout=300)
    assert clean, output


# -- what each document with errors gives ------------------------------------------------------


def test_a_response_under_no_status_code_is_left_out(generated: Generated) -> None:
    outcome = generated["documents_with_errors/bad-status-code.yaml"]
    operation = outcome.operation("GET", "/")
    assert (operation["returns"], operation["errors"]) == ("Any", {})


@pytest.mark.parametrize("name", ["circular-body-ref.yaml", "missing-body-ref.yaml"])
def test_a_body_that_cannot_be_resolved_is_left_out(generated: Generated, name: str) -> None:
    operation = generated[f"documents_with_errors/{name}"].operation("POST", "/")
    assert operation["body"] is None
    assert operation["returns"] == "Literal['Why have a fixed response? I dunno']"


def test_query_parameters_with_invalid_defaults(generated: Generated) -> None:
    outcome = generated["documents_with_errors/invalid-uuid-defaults.yaml"]
    for method, name in (("POST", "id"), ("PUT", "another_id")):
        (param,) = outcome.operation(method, "/")["parameters"]
        assert (param["name"], param["in"], param["required"], param["type"]) == (
            name,
            "query",
            False,
            "str",
        )


def test_an_optional_path_parameter_is_made_required(generated: Generated) -> None:
    outcome = generated["documents_with_errors/optional-path-param.yaml"]
    (param,) = outcome.operation("GET", "/{optional}")["parameters"]
    assert (param["name"], param["in"], param["required"]) == ("optional", "path", True)


# -- the baselines ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BASELINES)
def test_baseline_models_are_typed(generated: Generated, name: str) -> None:
    outcome = generated[name]
    assert not [o for o in outcome.manifest["omitted"] if o["untyped"]]
    assert not outcome.omitted("invalid-default")
    # an array of objects that hold the array: typed, not a bare list
    sources = "".join(p.read_text() for p in (outcome.package_dir / "_models").glob("m_*.py"))
    assert "RootModel[list[AnArrayWithARecursiveRefInItemsObjectItem]]" in sources


def test_the_two_baselines_give_the_same_models(generated: Generated) -> None:
    """The 3.1 baseline says in 3.1 terms (``type: [.., "null"]``, ``{type: "null"}``
    members, ``const``) what the 3.0 one says with ``nullable`` and enums: the same classes
    with the same members and types."""
    first, second = (
        _models_source(generated[n])
        for n in ("baseline_openapi_3.0.json", "baseline_openapi_3.1.yaml")
    )
    assert first.keys() == second.keys()
    differing = sorted(k for k in first if first[k] != second[k])
    assert differing == [], differing


def _models_source(outcome: Outcome) -> dict[str, str]:
    models = outcome.package_dir / "_models"
    return {p.name: p.read_text() for p in sorted(models.glob("m_*.py"))}


SAME_NAME_CALL = """
import inspect, json, sys
import httpx
import {package} as package

resource, method, arguments = json.loads(sys.argv[1])
seen = []

def answer(request):
    seen.append(request)
    return httpx.Response(200, json={{}})

http = httpx.Client(transport=httpx.MockTransport(answer))
client = package.Client(base_url="https://api.example.test", http_client=http)
target = client
for part in resource.split("."):
    target = getattr(target, part)
call = getattr(target, method)
signature = list(inspect.signature(call).parameters)
call(**arguments)
(request,) = seen
print(json.dumps({{
    "signature": signature,
    "path": request.url.path,
    "query": dict(request.url.params),
    "header": request.headers.get("param"),
    "cookie": request.headers.get("cookie"),
}}))
"""


@pytest.mark.parametrize("name", BASELINES)
def test_parameters_sharing_a_name_are_each_an_argument(generated: Generated, name: str) -> None:
    """``param`` in path, query, header and cookie: four arguments, each sent where it belongs."""
    outcome = generated[name]
    assert not outcome.omitted("duplicate-parameter-name")
    operation = outcome.operation("GET", "/same-name-multiple-locations/{param}")
    parameters = {(p["in"], p["name"], p["python_name"]) for p in operation["parameters"]}
    assert parameters == {
        ("path", "param", "param"),
        ("query", "param", "param_query"),
        ("header", "param", "param_header"),
        ("cookie", "param", "param_cookie"),
    }
    arguments = {"param": "p", "param_query": "q", "param_header": "h", "param_cookie": "c"}
    call = [operation["resource"], operation["python_name"], arguments]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SAME_NAME_CALL.format(package=outcome.import_name),
            json.dumps(call),
        ],
        cwd=outcome.project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sent = json.loads(done.stdout)
    assert set(arguments) <= set(sent["signature"])
    assert (sent["path"], sent["query"], sent["header"], sent["cookie"]) == (
        "/same-name-multiple-locations/p",
        {"param": "q"},
        "h",
        "param=c",
    )
