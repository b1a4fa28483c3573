"""Document validation: openapi-spec-validator conformance and sdkgen's own rules."""

from __future__ import annotations

import socket
import urllib.request
from typing import Any

import pytest
import yaml

from generator.corpus.locations import IndexedDocument, apigateway_index
from generator.spec.diagnostics import Diagnostic, pointer_target
from generator.spec.load import load_file
from generator.spec.validate import conformance_problems, rule_problems, validate_document
from tests.support.corpus import apigateway_file, apigateway_params

OK = {"200": {"description": "ok"}}
ANY = "x-amazon-apigateway-any-method"


def oas3(paths: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        **fields,
    }


def swagger2(paths: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        **fields,
    }


def found(diags: list[Diagnostic], *codes: str) -> list[tuple[str, str, str]]:
    """(code, severity, pointer) of the diagnostics with one of ``codes``."""
    return sorted((d.code, d.severity, d.pointer) for d in diags if d.code in codes)


_NOWHERE = object()


def resolves(doc: Any, ptr: str) -> bool:
    return pointer_target(doc, "#" + ptr, _NOWHERE) is not _NOWHERE


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def test_unresolved_ref_is_an_error_at_the_refs_parent() -> None:
    schema = {"$ref": "#/components/schemas/Missing"}
    doc = oas3(
        {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}},
                        }
                    },
                }
            }
        },
        components={"schemas": {"Here": {"type": "string"}, "Alias": {"$ref": "#/x/y"}}},
    )
    assert found(rule_problems(doc), "unresolved-ref") == [
        ("unresolved-ref", "error", "/components/schemas/Alias"),
        (
            "unresolved-ref",
            "error",
            "/paths/~1a/get/responses/200/content/application~1json/schema",
        ),
    ]
    # The validator trips over the same refs; validate_document states each fact once.
    combined = validate_document(doc)
    assert [d.code for d in combined if "ref" in d.code] == ["unresolved-ref", "unresolved-ref"]


def test_ref_loop_is_an_unresolved_ref() -> None:
    doc = oas3(components={"schemas": {"A": {"$ref": "#/components/schemas/A"}}})
    problems = validate_document(doc)
    assert found(problems, "unresolved-ref") == [
        ("unresolved-ref", "error", "/components/schemas/A")
    ]
    assert "loop" in problems[0].message
    assert not [d for d in problems if d.code == "validator-crashed"]


def test_unresolved_ref_inside_apigateway_extension_is_only_a_warning() -> None:
    parts = {"documentationParts": [{"properties": {"schema": {"$ref": "#/components/schemas/X"}}}]}
    doc = oas3({"/a": {"get": {"operationId": "a", "responses": OK}}})
    doc["x-amazon-apigateway-documentation"] = parts
    assert found(rule_problems(doc), "unresolved-ref", "unresolved-ref-in-extension") == [
        (
            "unresolved-ref-in-extension",
            "warning",
            "/x-amazon-apigateway-documentation/documentationParts/0/properties/schema",
        )
    ]


def test_refs_inside_any_method_are_not_extension_refs() -> None:
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}
    doc = oas3({"/a": {ANY: {"operationId": "a", "requestBody": body, "responses": OK}}})
    assert found(rule_problems(doc), "unresolved-ref", "unresolved-ref-in-extension") == [
        (
            "unresolved-ref",
            "error",
            f"/paths/~1a/{ANY}/requestBody/content/application~1json/schema",
        )
    ]


def test_remote_ref_is_a_warning() -> None:
    doc = swagger2(
        {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}},
        definitions={"Pet": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Pet"}},
    )
    problems = rule_problems(doc)
    assert [(d.code, d.severity, d.pointer) for d in problems] == [
        ("remote-ref", "warning", "/definitions/Pet")
    ]
    assert "https://apigateway.amazonaws.com/restapis/x/models/Pet" in problems[0].message


def test_ref_keys_inside_examples_and_property_names_are_not_refs() -> None:
    schema = {
        "type": "object",
        "properties": {"$ref": {"type": "string"}},
        "example": {"$ref": "#/not/a/ref"},
    }
    doc = oas3(components={"schemas": {"Doc": schema}})
    assert rule_problems(doc) == []


def test_duplicate_operation_id_reports_the_later_ones() -> None:
    doc = oas3(
        {
            "/a": {"get": {"operationId": "fetch", "responses": OK}},
            "/b": {
                "get": {"operationId": "fetch", "responses": OK},
                ANY: {"operationId": "fetch", "responses": OK},
            },
        }
    )
    problems = rule_problems(doc)
    assert found(problems, "duplicate-operation-id") == [
        ("duplicate-operation-id", "error", "/paths/~1b/get/operationId"),
        ("duplicate-operation-id", "error", f"/paths/~1b/{ANY}/operationId"),
    ]
    any_dup = next(d for d in problems if d.pointer.endswith(f"{ANY}/operationId"))
    assert any_dup.message == (
        'operationId "fetch" of ANY /b is already used by GET /a (/paths/~1a/get)'
    )
    # openapi-spec-validator reports GET /b too; the combined list has it once.
    combined = validate_document(doc)
    assert len([d for d in combined if "duplicate-operation-id" in d.code]) == 2


def test_undeclared_path_parameter() -> None:
    doc = swagger2(
        {
            "/employees/{id}": {
                "get": {"operationId": "getEmployee", "responses": OK},
                "put": {
                    "operationId": "putEmployee",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "type": "string"}
                    ],
                    "responses": OK,
                },
            },
            "/echo/{data}": {ANY: {"operationId": "echo", "responses": OK}},
        }
    )
    problems = rule_problems(doc)
    assert found(problems, "undeclared-path-parameter") == [
        ("undeclared-path-parameter", "error", f"/paths/~1echo~1{{data}}/{ANY}"),
        ("undeclared-path-parameter", "error", "/paths/~1employees~1{id}/get"),
    ]
    messages = {d.message for d in problems}
    assert (
        'path parameter "id" of GET /employees/{id} is used in the path but never declared'
        in messages
    )
    assert 'path parameter "data" of ANY /echo/{data} is used in the path but never declared' in (
        messages
    )


def test_greedy_path_variables_count_as_declared() -> None:
    rest = {"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}
    http = {"name": "proxy+", "in": "path", "required": True, "schema": {"type": "string"}}
    doc = oas3(
        {
            "/rest/{proxy+}": {ANY: {"operationId": "rest", "parameters": [rest], "responses": OK}},
            "/http/{proxy+}": {
                "parameters": [http],
                ANY: {"operationId": "http", "responses": OK},
            },
        }
    )
    assert rule_problems(doc) == []
    # Strict OpenAPI disagrees about the REST form: that is a (specific) conformance error.
    assert found(conformance_problems(doc), "openapi-greedy-path-parameter") == []  # ANY: unseen
    doc["paths"]["/rest/{proxy+}"]["get"] = doc["paths"]["/rest/{proxy+}"].pop(ANY)
    assert found(conformance_problems(doc), "openapi-greedy-path-parameter") == [
        ("openapi-greedy-path-parameter", "error", "/paths/~1rest~1{proxy+}/get")
    ]


def test_unknown_path_parameter_is_a_warning() -> None:
    param = {"name": "gone", "in": "path", "required": True, "schema": {"type": "string"}}
    doc = oas3(
        {
            "/a": {
                "parameters": [param],
                "get": {"operationId": "a", "parameters": [param], "responses": OK},
            }
        }
    )
    assert found(rule_problems(doc), "unknown-path-parameter") == [
        ("unknown-path-parameter", "warning", "/paths/~1a/get/parameters/0"),
        ("unknown-path-parameter", "warning", "/paths/~1a/parameters/0"),
    ]


def test_python_name_collision_of_operation_ids() -> None:
    doc = oas3(
        {
            "/a": {"get": {"operationId": "getOrder", "responses": OK}},
            "/b": {"get": {"operationId": "get_order", "responses": OK}},
        }
    )
    problems = rule_problems(doc)
    assert found(problems, "python-name-collision") == [
        ("python-name-collision", "warning", "/paths/~1b/get/operationId")
    ]
    assert problems[0].message == (
        'operationIds "getOrder" (GET /a) and "get_order" (GET /b) both become `get_order`; '
        "the generator will name the second `get_order_2`"
    )


def test_python_name_collision_of_parameters_across_locations() -> None:
    header = {"name": "order-id", "in": "header", "schema": {"type": "string"}}
    query = {"name": "orderId", "in": "query", "schema": {"type": "string"}}
    doc = oas3(
        {
            "/orders": {
                "parameters": [header],
                "get": {"operationId": "list", "parameters": [query], "responses": OK},
            }
        }
    )
    problems = rule_problems(doc)
    assert found(problems, "python-name-collision") == [
        ("python-name-collision", "warning", "/paths/~1orders/get/parameters/0")
    ]
    assert "both become `order_id`" in problems[0].message
    assert "`order_id_2`" in problems[0].message


def test_python_name_collision_of_schema_names() -> None:
    doc = swagger2(
        definitions={"order_item": {"type": "object"}, "OrderItem": {"type": "object"}},
    )
    problems = rule_problems(doc)
    assert [(d.code, d.severity, d.pointer) for d in problems] == [
        ("python-name-collision", "warning", "/definitions/OrderItem")
    ]
    assert "both become `OrderItem`" in problems[0].message


def test_swagger_body_parameter_does_not_collide_by_name() -> None:
    body = {"name": "Order", "in": "body", "schema": {"type": "object"}}
    query = {"name": "order", "in": "query", "type": "string"}
    doc = swagger2(
        {"/o": {"post": {"operationId": "o", "parameters": [body, query], "responses": OK}}}
    )
    assert rule_problems(doc) == []


def test_missing_operation_id_is_info() -> None:
    doc = oas3({"/pets": {"get": {"responses": OK}, ANY: {"responses": OK}}})
    problems = rule_problems(doc)
    assert [(d.code, d.severity, d.pointer) for d in problems] == [
        ("missing-operation-id", "info", "/paths/~1pets/get"),
        ("missing-operation-id", "info", f"/paths/~1pets/{ANY}"),
    ]
    assert problems[1].message.startswith("ANY /pets has no operationId")


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"openapi": 3.0},
        {"swagger": ["2.0"], "paths": None},
        oas3({"/a": None, "/b": {"get": [], "parameters": "x"}}),
        oas3({"/c/{id}": {"get": {"parameters": [None, 5, {"in": "path"}, {"$ref": 7}]}}}),
        oas3({"/a/{b": {"get": {"responses": OK}}}),
        oas3(components=[]),
        oas3(components={"schemas": {"A": 5, "B": None, "C": {"properties": []}}}),
        swagger2(
            parameters={"P": {"$ref": "#/parameters/P"}},
            paths={"/a": {"get": {"parameters": [{"$ref": "#/parameters/P"}]}}},
        ),
        {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {1: {}}},
    ],
)
def test_broken_structure_never_raises(doc: dict[str, Any]) -> None:
    for check in (conformance_problems, rule_problems, validate_document):
        result = check(doc)
        assert all(isinstance(d, Diagnostic) for d in result)
    assert any(d.severity == "error" for d in validate_document(doc))


# ---------------------------------------------------------------------------------------------
# Conformance
# ---------------------------------------------------------------------------------------------


def test_neither_swagger_nor_openapi() -> None:
    problems = conformance_problems({"info": {"title": "t"}})
    assert [(d.pointer, d.severity) for d in problems] == [("", "error")]
    assert "neither" in problems[0].message


def test_conformance_reports_every_error_not_just_the_first() -> None:
    doc = {
        "openapi": "3.0.1",
        "info": {"title": "t"},  # no version
        "servers": {"url": "https://x"},  # not a list
        "paths": {"/a": {"get": {"responses": {}}}},  # empty responses
    }
    problems = conformance_problems(doc)
    assert [(d.code, d.severity, d.pointer, d.message) for d in problems] == [
        ("openapi-conformance", "error", "/info", "'version' is required here but missing"),
        (
            "openapi-conformance",
            "error",
            "/paths/~1a/get/responses",
            "'responses' must not be empty",
        ),
        ("openapi-conformance", "error", "/servers", "expected a list here, found an object"),
    ]


def test_swagger_empty_responses_is_reported_once() -> None:
    doc = swagger2({"/a": {"get": {"operationId": "a", "responses": {}}}})
    assert [(d.pointer, d.message) for d in validate_document(doc)] == [
        ("/paths/~1a/get/responses", "'responses' must not be empty")
    ]


def test_one_of_errors_name_the_relevant_branch() -> None:
    doc = oas3(
        components={
            "securitySchemes": {"jwt": {"type": "oauth2"}},
            "schemas": {"S": {"type": "object", "properties": {"a": {"oneOf": [{}, None]}}}},
        }
    )
    assert [(d.pointer, d.message) for d in conformance_problems(doc)] == [
        ("/components/schemas/S/properties/a/oneOf/1", "expected an object here, found null"),
        ("/components/securitySchemes/jwt", "'flows' is required here but missing"),
    ]


def test_semantic_validator_errors_are_located() -> None:
    param = {"name": "q", "in": "query", "schema": {"type": "string"}}
    doc = oas3(
        {"/a/{id}": {"get": {"operationId": "a", "parameters": [param, param], "responses": OK}}}
    )
    assert found(
        conformance_problems(doc),
        "openapi-duplicate-parameter",
        "openapi-unresolved-path-parameter",
    ) == [
        ("openapi-duplicate-parameter", "error", "/paths/~1a~1{id}/get/parameters"),
        ("openapi-unresolved-path-parameter", "error", "/paths/~1a~1{id}/get"),
    ]


def test_validator_crash_becomes_one_located_error() -> None:
    doc = oas3({"/a/{b": {"get": {"operationId": "a", "responses": OK}}})
    problems = conformance_problems(doc)
    assert [(d.code, d.severity, d.pointer) for d in problems] == [
        ("validator-crashed", "error", "/paths/~1a~1{b/get")
    ]


def test_remote_refs_are_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        pytest.fail(f"network access attempted: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    import jsonschema_path.handlers.urllib
    import jsonschema_path.retrievers

    monkeypatch.setattr(jsonschema_path.retrievers, "urlopen", no_network)
    monkeypatch.setattr(jsonschema_path.handlers.urllib, "urlopen", no_network)

    remote_schema = {"$ref": "https://example.com/schemas/pet.json"}
    doc = oas3(
        {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": [{"$ref": "https://example.com/params.yaml#/Limit"}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": remote_schema}},
                        }
                    },
                }
            }
        }
    )
    schema_ptr = "/paths/~1pets/get/responses/200/content/application~1json/schema"
    assert found(conformance_problems(doc), "remote-ref-not-fetched") == [
        ("remote-ref-not-fetched", "warning", "/paths/~1pets/get/parameters/0"),
        ("remote-ref-not-fetched", "warning", schema_ptr),
    ]
    combined = validate_document(doc)
    assert [(d.code, d.severity, d.pointer) for d in combined] == [
        ("remote-ref", "warning", "/paths/~1pets/get/parameters/0"),
        ("remote-ref", "warning", schema_ptr),
    ]


# ---------------------------------------------------------------------------------------------
# The corpus of real API Gateway exports
# ---------------------------------------------------------------------------------------------

# INDEX.md lists 20 files as failing openapi-spec-validator. For five of them the only reason is
# how a default YAML loader reads them (status codes like `200:` become integer keys, an unquoted
# `version: 2022-04-12T15:36:55Z` becomes a datetime). generator.spec.load reads keys as strings
# and keeps timestamps as text, so after load_file these five documents are valid.
YAML_LOADER_ARTEFACTS = {"integer map keys (YAML)", "info.version parsed as YAML timestamp"}


def index_failures() -> dict[str, str]:
    """File name -> first openapi-spec-validator reason, as the corpus index records it."""
    return {d.file: d.validator_failure for d in apigateway_index() if d.validator_failure}


def test_index_lists_twenty_failing_files() -> None:
    failures = index_failures()
    assert len(failures) == 20, sorted(failures)
    assert len([r for r in failures.values() if r in YAML_LOADER_ARTEFACTS]) == 5


@pytest.mark.parametrize(
    "document", apigateway_params(lambda d: d.validator_failure in YAML_LOADER_ARTEFACTS)
)
def test_yaml_artefacts_fail_only_with_a_default_yaml_loader(document: IndexedDocument) -> None:
    path = apigateway_file(document)
    naive = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert any(d.severity == "error" for d in conformance_problems(naive))
    assert not conformance_problems(load_file(path).data)


@pytest.mark.parametrize("document", apigateway_params())
def test_corpus_document_validates_as_indexed(document: IndexedDocument) -> None:
    doc = load_file(apigateway_file(document)).data
    conformance = conformance_problems(doc)
    combined = validate_document(doc)
    for diagnostic in [*conformance, *combined]:
        assert resolves(doc, diagnostic.pointer), diagnostic
        assert diagnostic.code != "validator-crashed", diagnostic
    expected = document.validator_failure not in (None, *YAML_LOADER_ARTEFACTS)
    assert any(d.severity == "error" for d in conformance) == expected


def test_pointer_targets_are_local_strict_and_never_raise() -> None:
    doc = {"a/b": {"~x": [10, 20]}, "n": None}
    assert pointer_target(doc, "#/a~1b/~0x/1") == 20
    assert pointer_target(doc, "#/n", default="gone") is None  # a null value is found
    for ref in ("#/a~1b/~0x/-1", "#/a~1b/~0x/2", "#/a~1b/~0x/one", "#/missing", "#/n/deeper"):
        assert pointer_target(doc, ref, default="gone") == "gone", ref
    assert pointer_target(doc, "other.json#/a") is None  # not local
    assert pointer_target(doc, "#nope") is None  # not a pointer
    assert pointer_target(doc, "#") is doc
