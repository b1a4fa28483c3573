"""Hostile documents: generation never crashes, and document text never becomes code.

Property-based (hypothesis, fixed example budgets so the suite stays fast): random documents
whose every name and text is a Python keyword, a dunder, a builtin, quotes, backslashes, jinja
syntax, newlines, unicode, a code payload, or names that collide once sanitized; recursive
schemas; huge enums. Each either generates or is rejected with located diagnostics, and each
generated client imports in a fresh interpreter without running any of its text and is ruff
clean; a few of them also go through ``mypy --strict``.

The fixed worst-case document (``test_hostile_support.worst_case_document``) additionally goes
through ruff and ``mypy --strict``, and every one of its operations is called against a local
HTTP server returning payload-laden JSON.
"""

from __future__ import annotations

import ast
import json
import keyword
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.corpus.typecheck import run_mypy, run_ruff
from generator.errors import DocumentError
from generator.naming import (
    AMBIGUOUS_NAMES,
    camel_case,
    docstring_literal,
    docstring_text,
    pascal_case,
    py_literal,
    snake_case,
)
from generator.pipeline import generate
from tests.test_hostile_support import (
    CODE_PAYLOADS,
    documents,
    swagger_worst_case,
    with_canary,
    worst_case_document,
)

PIPELINE_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# mypy --strict takes seconds per client: a handful of random documents
MYPY_SETTINGS = settings(PIPELINE_SETTINGS, max_examples=4)
CHEAP_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)

# Imports the client in a fresh interpreter, builds both clients, reaches every resource and,
# given a base URL, calls every operation with its required arguments (text payloads).
CHECK_SCRIPT = r"""
import ast, asyncio, importlib, json, os, sys
project, name, base_url, payload = sys.argv[1:5]
sys.path.insert(0, project)
package = importlib.import_module(name)
importlib.import_module(name + ".models")
manifest = json.load(open(os.path.join(package.__path__[0], "manifest.json"), encoding="utf-8"))

def value(annotation):
    if annotation.startswith("Literal[") and annotation.endswith("]"):
        return ast.literal_eval("(" + annotation[len("Literal["):-1] + ",)")[0]
    return {"str": payload, "int": 1, "float": 1.5, "bool": True}.get(annotation)

calls = 0
for factory in (package.Client, package.AsyncClient):
    client = factory(base_url=base_url or "http://127.0.0.1:9", max_retries=0)
    for op in manifest["operations"]:
        method = getattr(getattr(client, op["resource"]), op["python_name"])
        if not base_url:
            continue
        kwargs = {p["python_name"]: value(p["type"]) for p in op["parameters"] if p["required"]}
        if op["body"] is not None and op["body"]["required"]:
            continue
        if any(v is None for v in kwargs.values()):
            continue
        if op["method"] == "ANY":
            kwargs["method"] = "GET"
        result = method(**kwargs)
        if factory is package.AsyncClient:
            result = asyncio.run(result)
        calls += 1
    if factory is package.Client:
        client.close()
print("ok", calls)
"""


def _generate(doc: dict[str, Any], tmp: Path, name: str | None = None) -> Path | None:
    spec = tmp / "doc.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp / "out"
    try:
        generate(spec, out, name=name)
    except DocumentError as exc:
        assert exc.diagnostics, f"rejected without located diagnostics: {exc}"
        return None
    return out


def _import_name(project: Path) -> str:
    manifest = next(project.glob("*/manifest.json"))
    return str(json.loads(manifest.read_text(encoding="utf-8"))["package"]["import"])


def _run_client(project: Path, base_url: str = "", payload: str = "x") -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            CHECK_SCRIPT,
            str(project),
            _import_name(project),
            base_url,
            payload,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stderr[-3000:]}"
    return result.stdout.strip()


# -- naming rules: cheap, many examples ----------------------------------------------------------


@CHEAP_SETTINGS
@given(st.text())
def test_identifiers_are_always_usable(text: str) -> None:
    for name in (snake_case(text), pascal_case(text), camel_case(text)):
        assert name.isidentifier() and name.isascii(), name
        assert not keyword.iskeyword(name), name
        assert name not in AMBIGUOUS_NAMES, name
        assert len(name) <= 90
    assert not keyword.issoftkeyword(snake_case(text))


@CHEAP_SETTINGS
@given(st.text())
def test_literals_are_inert_and_round_trip(text: str) -> None:
    literal = py_literal(text)
    assert literal.isascii()
    tree = ast.parse(literal, mode="eval")
    assert isinstance(tree.body, ast.Constant)
    assert tree.body.value == text


@CHEAP_SETTINGS
@given(st.one_of(st.text(), st.sampled_from(CODE_PAYLOADS)))
def test_docstrings_are_one_ascii_string_without_trailing_space(text: str) -> None:
    doc = docstring_text(text, indent="    ")
    source = f'def f() -> None:\n    """{doc}"""\n'
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 1
    assert source.isascii()
    assert all(line == line.rstrip() for line in source.splitlines())


@CHEAP_SETTINGS
@given(st.one_of(st.text(), st.sampled_from(CODE_PAYLOADS)))
def test_model_docstrings_round_trip(text: str) -> None:
    literal = docstring_literal(text)
    assert literal.isascii()
    assert all(line == line.rstrip() for line in literal.splitlines()[:-1])
    lines = [line.expandtabs(4) for line in text.split("\n")]
    expected = "\n".join([line.rstrip() for line in lines[:-1]] + lines[-1:])
    assert ast.literal_eval(literal) == expected


# -- the whole pipeline: random hostile documents ------------------------------------------------


@PIPELINE_SETTINGS
@given(documents())
def test_random_hostile_documents_generate_and_import_inertly(
    tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]
) -> None:
    tmp = tmp_path_factory.mktemp("hostile")
    canary = tmp / "canary"
    project = _generate(with_canary(doc, str(canary)), tmp)
    assert not canary.exists()
    if project is None:
        return
    assert _run_client(project).startswith("ok")
    assert not canary.exists()
    _assert_ruff_clean(project)


@MYPY_SETTINGS
@given(documents())
def test_random_hostile_documents_pass_mypy_strict(
    tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]
) -> None:
    tmp = tmp_path_factory.mktemp("hostile-mypy")
    project = _generate(doc, tmp)
    if project is not None:
        _assert_mypy_strict(project, tmp / "mypy-cache")


# -- the worst case: ruff, mypy --strict, import and call ----------------------------------------


class _PayloadServer(BaseHTTPRequestHandler):
    """Answers every request with JSON full of payloads (or an empty list, or 204)."""

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        if self.command == "DELETE":
            self.send_response(204)
            self.end_headers()
            return
        body: Any = [] if self.command == "PUT" else {p[:20]: p for p in CODE_PAYLOADS}
        data = json.dumps(body).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def payload_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PayloadServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=["openapi3", "swagger2"])
def worst_case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("worst")
    canary = tmp / "canary"
    document = worst_case_document() if request.param == "openapi3" else swagger_worst_case()
    project = _generate(with_canary(document, str(canary)), tmp)
    assert project is not None, "the worst-case document must generate"
    assert not canary.exists()
    return project, canary


def test_worst_case_has_every_operation_with_distinct_names(worst_case: tuple[Path, Path]) -> None:
    project, _ = worst_case
    manifest = json.loads(next(project.glob("*/manifest.json")).read_text(encoding="utf-8"))
    operations = manifest["operations"]
    assert len(operations) in (6, 2)  # the OpenAPI 3 and the Swagger 2.0 worst cases
    methods = {(op["resource"], op["python_name"]) for op in operations}
    assert len(methods) == len(operations)
    for op in operations:
        names = [p["python_name"] for p in op["parameters"]]
        assert len(set(names)) == len(names)
        assert all(n.isidentifier() and not keyword.iskeyword(n) for n in names)
    # the payload title becomes a plain distribution name
    assert manifest["package"]["name"].replace("-", "").isalnum()


def test_worst_case_imports_and_every_call_stays_inert(
    worst_case: tuple[Path, Path], payload_server: str
) -> None:
    project, canary = worst_case
    manifest = json.loads(next(project.glob("*/manifest.json")).read_text(encoding="utf-8"))
    output = _run_client(project, payload_server, CODE_PAYLOADS[2])
    # every operation is called (none requires a body), sync and async
    assert output == f"ok {2 * len(manifest['operations'])}", output
    assert not canary.exists()


def _assert_ruff_clean(project: Path) -> None:
    clean, output = run_ruff(project, timeout=300)
    assert clean, output


def _assert_mypy_strict(project: Path, cache: Path) -> None:
    clean, output = run_mypy(project / _import_name(project), cache, timeout=600)
    assert clean, output


def test_worst_case_is_ruff_clean(worst_case: tuple[Path, Path]) -> None:
    _assert_ruff_clean(worst_case[0])


def test_worst_case_passes_mypy_strict(worst_case: tuple[Path, Path], tmp_path: Path) -> None:
    _assert_mypy_strict(worst_case[0], tmp_path)
