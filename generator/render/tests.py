"""The tests that ship with every client: each operation called with example arguments against
a Prism mock server of the API's document, through ``Client`` and ``AsyncClient``.

``tests/test_<resource>.py`` holds two tests per operation; ``tests/conftest.py`` starts Prism
(or uses a running mock server) and skips the tests, saying how to install it, when there is
none. Arguments come from :mod:`generator.examples` (the document's examples first, each value
validated against its schema); operations the mock cannot serve are marked skipped with the
reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator import GENERATOR_NAME, __version__, ir
from generator.examples import OperationExample, SchemaChecker, SynthesisError, operation_example
from generator.examples.operations import is_xml_body
from generator.examples.source import (
    MODELS_ALIAS,
    argument_source,
    literal,
    qualified_annotation,
)
from generator.naming import NameRegistry, py_literal
from generator.prism import PRISM_PACKAGE, PRISM_VERSION, servable_document
from generator.render.code import PackageNames
from generator.render.jinja import render
from generator.spec.keys import ANY_METHOD_KEY

TESTS_DIR = "tests"
MOCK_DOCUMENT = "mock-document.json"
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?!\s*=[^=])")  # not a keyword argument
# names a type expression of the IR may use besides builtins and models, and their modules
_IMPORTABLE = {
    "Any": "typing",
    "Literal": "typing",
    "cast": "typing",
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "UUID": "uuid",
    "Decimal": "decimal",
}


def _skip_reason(
    op: ir.Operation, served: str, raw: Mapping[str, Any], example: OperationExample | str
) -> str | None:
    if op.method == "ANY":
        return "Prism does not serve API Gateway's ANY method"
    if served == "document" and any(p.greedy for p in op.parameters):
        return "Prism does not route greedy path variables ({name+})"
    if "#" in op.document_path or "?" in op.document_path:
        return "Prism routes a document path holding '#' or '?' as a path no request can have"
    if isinstance(example, str):
        return f"no valid arguments could be made from the document: {example}"
    if op.body is not None and is_xml_body(op.body, example):
        return "Prism does not read XML bodies"
    if served == "document" and _declares_no_response(raw, op):
        return "the operation declares no response (responses: {}), which Prism cannot answer"
    return None


def _declares_no_response(raw: Mapping[str, Any], op: ir.Operation) -> bool:
    """``responses: {}`` in the document as written (normalize gives such operations a
    default response)."""
    paths = raw.get("paths")
    item = paths.get(op.document_path) if isinstance(paths, dict) else None
    key = ANY_METHOD_KEY if op.method == "ANY" else op.method.lower()
    operation = item.get(key) if isinstance(item, dict) else None
    return isinstance(operation, dict) and operation.get("responses") == {}


def _arguments(example: OperationExample) -> tuple[str, bool]:
    """``name=value, ...`` and whether a TypeAdapter is used; a value the argument's type does
    not accept although the document allows it is passed through ``cast(Any, ...)``."""
    parts: list[str] = []
    adapter = False
    for argument in example.arguments:
        source = argument_source(argument)
        adapter = adapter or source.startswith("TypeAdapter(")
        if not argument.fits_annotation:
            source = f"cast(Any, {literal(argument.value)})"
        parts.append(f"{argument.python_name}={source}")
    return ", ".join(parts), adapter


def _test_view(
    op: ir.Operation,
    served: str,
    document: Mapping[str, Any],
    raw: Mapping[str, Any],
    checker: SchemaChecker,
) -> dict[str, Any]:
    try:
        example: OperationExample | str = operation_example(document, op, checker)
    except SynthesisError as exc:
        example = str(exc)
    skip = _skip_reason(op, served, raw, example)
    arguments, adapter = ("", False) if isinstance(example, str) else _arguments(example)
    return {
        "name": op.python_name,
        "resource": op.resource,
        "arguments": arguments,
        "uses_adapter": adapter,
        "casts": "cast(Any, " in arguments,
        # without arguments there is no call to write: the test only says why
        "skip_literal": py_literal(skip) if skip and not isinstance(example, str) else None,
        "not_called_literal": py_literal(skip) if skip and isinstance(example, str) else None,
        "returns_none": op.returns.annotation == "None",
        "paginated": op.pagination is not None,
        "returns_type": _type_source(op.returns),
        "items_type": None
        if op.pagination is None
        else f"list[{_type_source(op.pagination.item_type)}]",
    }


def _type_source(type_: ir.TypeRef) -> str:
    """The type as an expression of the test module (models through ``models.``)."""
    return qualified_annotation(type_.annotation, type_.models)


def _imports(code: str) -> dict[str, list[str]]:
    """``{module: [names]}`` for the names ``code`` uses from :data:`_IMPORTABLE` (text in
    string literals is not code)."""
    found: dict[str, set[str]] = {}
    for name in _NAME.findall(_STRING.sub("''", code)):
        if name in _IMPORTABLE:
            found.setdefault(_IMPORTABLE[name], set()).add(name)
    return {module: sorted(names, key=str.lower) for module, names in sorted(found.items())}


@dataclass(frozen=True)
class ShippedTests:
    files: dict[str, str]  # relative path -> text
    mock_document: str  # the document Prism serves, relative to the project


def render_tests(
    api: ir.Api,
    names: PackageNames,
    document: Mapping[str, Any],
    raw: Mapping[str, Any],
    source_name: str,
) -> ShippedTests:
    """Every file under ``tests/`` (``source_name`` is the file the project keeps the document
    in, served to Prism when it refers to no other document)."""
    served, copy = servable_document(raw, document)
    files: dict[str, str] = {}
    if copy is not None:
        files[f"{TESTS_DIR}/{MOCK_DOCUMENT}"] = json.dumps(copy, indent=1, ensure_ascii=True) + "\n"
        expression = f"Path(__file__).resolve().parent / {py_literal(MOCK_DOCUMENT)}"
        shown = f"{TESTS_DIR}/{MOCK_DOCUMENT}"
    else:
        expression = f"Path(__file__).resolve().parents[1] / {py_literal(source_name)}"
        shown = source_name
    common = {"generator": GENERATOR_NAME, "generator_version": __version__}
    files[f"{TESTS_DIR}/__init__.py"] = '"""Tests of the client against a mock server."""\n'
    files[f"{TESTS_DIR}/conftest.py"] = render(
        "tests/conftest.py.j2",
        **common,
        import_name=names.import_name,
        env_prefix=names.env_prefix,
        prism_package_literal=py_literal(f"{PRISM_PACKAGE}@{PRISM_VERSION}"),
        mock_document_expression=expression,
        mock_document_shown=shown,
        uses_sigv4="sigv4" in api.auth_kinds,
    )
    files[f"{TESTS_DIR}/support.py"] = render(
        "tests/support.py.j2", **common, import_name=names.import_name
    )
    checker = SchemaChecker(document)
    for resource in api.resources:
        tests = [_test_view(op, served, document, raw, checker) for op in resource.operations]
        # test_<method> and test_<method>_async, unique in the module (methods ``x`` and
        # ``x_async`` would otherwise both give ``test_x_async``)
        functions = NameRegistry()
        for test in tests:
            test["sync_test"] = functions.claim(f"test_{test['name']}")
        for test in tests:
            test["async_test"] = functions.claim(f"test_{test['name']}_async")
        text = " ".join(t["arguments"] for t in tests)
        code = " ".join(
            [text, "Any"]
            + [t["returns_type"] for t in tests if not t["returns_none"]]
            + [t["items_type"] for t in tests if t["items_type"]]
        )
        files[f"{TESTS_DIR}/test_{resource.module}.py"] = render(
            "tests/test_resource.py.j2",
            **common,
            resource_name=resource.python_name,
            import_name=names.import_name,
            tests=tests,
            imports=_imports(code),
            uses_skip=any(t["skip_literal"] or t["not_called_literal"] for t in tests),
            uses_adapter=any(t["uses_adapter"] for t in tests),
            uses_models=re.search(rf"(?<![\w.]){MODELS_ALIAS}\.", _STRING.sub("''", code))
            is not None,
        )
    return ShippedTests(files, shown)
