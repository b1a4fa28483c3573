"""The example-value synthesiser: a valid value for each schema feature, checked against the
schema with an independent validator, deterministic, and document text inert in the source."""

from __future__ import annotations

import ast
import copy
import re
from typing import Any

import pytest
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator, OAS31Validator
from referencing import Registry

from generator.examples import SchemaChecker, SynthesisError, ValueSynthesiser, operation_example
from generator.examples.operations import fits_annotation, xml_text
from generator.examples.patterns import PatternTooComplex, matching_string
from generator.examples.source import argument_source, call_arguments, literal, qualified_annotation
from generator.parse import build_api
from generator.spec.normalize import normalize


def _document(schemas: dict[str, Any], version: str = "3.0.3") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _independent_errors(
    document: dict[str, Any], schema: dict[str, Any], value: Any, direction: str
) -> list[str]:
    """Validation by openapi-schema-validator itself (not through sdkgen's checker)."""
    if str(document["openapi"]).startswith("3.1"):
        cls: Any = OAS31Validator
    else:
        cls = OAS30WriteValidator if direction == "request" else OAS30ReadValidator
    validator = cls(document, format_checker=cls.FORMAT_CHECKER, registry=Registry()).evolve(
        schema=schema
    )
    return [e.message for e in validator.iter_errors(value)]


def _synthesise(
    schemas: dict[str, Any], name: str = "S", direction: Any = "request", version: str = "3.0.3"
) -> Any:
    document = _document(schemas, version)
    schema = {"$ref": f"#/components/schemas/{name}"}
    value = ValueSynthesiser(SchemaChecker(document), direction).value(schema)
    assert _independent_errors(document, schema, value, direction) == []
    return value


# -- one schema feature at a time ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("date", r"^\d{4}-\d{2}-\d{2}$"),
        ("date-time", r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
        ("uuid", r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
        ("email", r"^[^@]+@[^@]+\.[a-z]+$"),
        ("uri", r"^https://"),
        ("ipv4", r"^\d+\.\d+\.\d+\.\d+$"),
        ("ipv6", r":"),
        ("byte", r"^[A-Za-z0-9+/]+=*$"),
        ("hostname", r"^[a-z.]+$"),
    ],
)
def test_formats_get_valid_literals(fmt: str, check: str) -> None:
    value = _synthesise({"S": {"type": "string", "format": fmt}})
    assert isinstance(value, str) and re.search(check, value), value


def test_enum_takes_a_listed_value() -> None:
    assert _synthesise({"S": {"type": "string", "enum": ["b", "a"]}}) == "b"
    # a listed value that breaks the other keywords is skipped
    assert _synthesise({"S": {"type": "string", "enum": ["toolong", "ok"], "maxLength": 3}}) == "ok"
    assert _synthesise({"S": {"type": "integer", "enum": [None, 7], "nullable": True}}) == 7


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "minLength": 12},
        {"type": "string", "maxLength": 3},
        {"type": "string", "minLength": 2, "maxLength": 2},
        {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
        {"type": "string", "pattern": "^[a-f0-9\\-]+$", "minLength": 36, "maxLength": 36},
        {"type": "string", "pattern": "^(foo|bar)_[a-z]+$", "maxLength": 8},
        {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        {"type": "integer", "minimum": 10, "maximum": 20},
        {"type": "integer", "minimum": 5, "exclusiveMinimum": True},
        {"type": "integer", "maximum": 0, "exclusiveMaximum": True},
        {"type": "integer", "minimum": 7, "multipleOf": 5},
        {"type": "number", "minimum": 0.5, "maximum": 0.75},
        {"type": "number", "multipleOf": 0.01, "minimum": 2.5},
        {"type": "array", "items": {"type": "string"}, "minItems": 3, "uniqueItems": True},
        {"type": "array", "items": {"type": "integer"}, "maxItems": 0},
        {"type": "object", "minProperties": 2, "additionalProperties": {"type": "integer"}},
        {"type": "boolean"},
        {"nullable": True},
        {},
    ],
)
def test_bounds_lengths_patterns_and_sizes_are_respected(schema: dict[str, Any]) -> None:
    value = _synthesise({"S": schema})  # _synthesise validates independently
    if schema.get("type") == "array" and schema.get("minItems"):
        assert len(value) == schema["minItems"]


def test_openapi_31_numeric_exclusive_bounds() -> None:
    value = _synthesise({"S": {"type": "integer", "exclusiveMinimum": 3}}, version="3.1.0")
    assert value > 3


def test_required_and_optional_properties_are_filled_read_only_left_out_of_requests() -> None:
    schemas = {
        "S": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string", "readOnly": True},
                "name": {"type": "string"},
                "note": {"type": "string"},
                "secret": {"type": "string", "writeOnly": True},
            },
        }
    }
    request = _synthesise(schemas)
    assert set(request) == {"name", "note", "secret"}
    response = _synthesise(schemas, direction="response")
    assert set(response) == {"id", "name", "note"}


def test_examples_come_first_when_they_validate() -> None:
    value = _synthesise({"S": {"type": "string", "example": "from-the-document"}})
    assert value == "from-the-document"
    # an example that breaks its own schema is not used
    value = _synthesise({"S": {"type": "string", "format": "uuid", "example": "string"}})
    assert value != "string"
    assert _synthesise({"S": {"type": "integer", "default": 42}}) == 42
    # an object example missing a required property: the value is built instead
    partial = {"type": "object", "required": ["a", "b"], "example": {"a": "x"}}
    partial["properties"] = {"a": {"type": "string"}, "b": {"type": "integer"}}
    assert set(_synthesise({"S": partial})) == {"a", "b"}


def test_all_of_members_are_merged() -> None:
    schemas = {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "S": {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "type": "object",
                    "required": ["size"],
                    "properties": {"size": {"type": "integer", "minimum": 3}},
                },
            ]
        },
    }
    value = _synthesise(schemas)
    assert value["id"] and value["size"] >= 3


def test_one_of_takes_a_branch_that_validates_alone_and_sets_the_discriminator() -> None:
    schemas = {
        "Cat": {
            "type": "object",
            "required": ["kind", "meows"],
            "properties": {"kind": {"type": "string"}, "meows": {"type": "boolean"}},
        },
        "Dog": {
            "type": "object",
            "required": ["kind", "barks"],
            "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}},
        },
        "S": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
            },
        },
    }
    value = _synthesise(schemas)
    assert value["kind"] == "cat" and "meows" in value


def test_one_of_skips_branches_that_match_twice() -> None:
    # the first branch also matches the second: oneOf needs a value matching exactly one
    schemas = {
        "S": {
            "oneOf": [
                {"type": "string"},
                {"type": "string", "maxLength": 100},
                {"type": "integer"},
            ]
        }
    }
    assert _synthesise(schemas) == 1


def test_any_of_and_untyped_members() -> None:
    schemas = {"S": {"anyOf": [{"type": "integer", "minimum": 5}, {"type": "string"}]}}
    assert _synthesise(schemas) == 5


def test_recursive_schemas_stop_at_optional_members() -> None:
    schemas = {
        "Node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "parent": {"$ref": "#/components/schemas/Node"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            },
        }
    }
    value = _synthesise(schemas, name="Node")
    assert value == {"name": "example", "children": []}


def test_impossible_schemas_raise_instead_of_guessing() -> None:
    document = _document({})
    synthesiser = ValueSynthesiser(SchemaChecker(document))
    with pytest.raises(SynthesisError):
        synthesiser.value({"type": "string", "minLength": 5, "maxLength": 2})
    with pytest.raises(SynthesisError):
        synthesiser.value({"type": "string", "pattern": "^(?=a)b$"})  # a look-ahead
    with pytest.raises(SynthesisError, match="points nowhere"):
        synthesiser.value({"$ref": "#/components/schemas/Missing"})
    with pytest.raises(SynthesisError):
        synthesiser.value({"type": "integer", "minimum": 3, "maximum": 2})


@pytest.mark.parametrize(
    ("pattern", "low", "high"),
    [
        ("^[a-z]+$", 0, None),
        ("^\\d{3}-\\d{2,4}$", 0, None),
        ("^[^\\s@]+@[^\\s@]+\\.[a-z]{2,}$", 0, None),
        ("^arn:aws:iam::\\d{12}:role/.+$", 20, 64),
        ("^(?:[A-Z][a-z]+)(?: [A-Z][a-z]+)*$", 10, None),
        ("^(?P<name>ab)+c?$", 0, None),
        ("[\\w.-]+", 3, 5),
        ("^\\u0041\\x42[\\]\\-]$", 0, None),
        ("^a{2,}$", 50, 60),
    ],
)
def test_simple_patterns_give_matching_strings(pattern: str, low: int, high: int | None) -> None:
    text = matching_string(pattern, min_length=low, max_length=high)
    assert re.search(pattern, text)
    assert len(text) >= low and (high is None or len(text) <= high)


@pytest.mark.parametrize("pattern", ["^(?=x)x$", "(a)\\1", "\\p{L}+", "(?i)abc", "[[:alpha:]]"])
def test_complex_patterns_are_given_up_cleanly(pattern: str) -> None:
    with pytest.raises(PatternTooComplex):
        matching_string(pattern)


# -- operations --------------------------------------------------------------------------------


OPERATIONS_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/orders/{orderId}": {
            "parameters": [
                {"name": "orderId", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "put": {
                "operationId": "updateOrder",
                "parameters": [
                    {
                        "name": "dryRun",
                        "in": "query",
                        "schema": {"type": "boolean"},
                        "example": False,
                    },
                    {
                        "name": "X-Trace",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    },
                    {
                        "name": "sort",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["asc", "desc"]},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Order"},
                            "examples": {"one": {"$ref": "#/components/examples/Order"}},
                        }
                    },
                },
                "responses": {"200": {"description": "ok"}},
            },
        },
        "/files": {
            "post": {
                "operationId": "upload",
                "requestBody": {"content": {"application/octet-stream": {}}},
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/xml": {
            "post": {
                "operationId": "postXml",
                "requestBody": {
                    "required": True,
                    "content": {"text/xml": {"schema": {"$ref": "#/components/schemas/Order"}}},
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/anything": {
            "x-amazon-apigateway-any-method": {"responses": {"200": {"description": "ok"}}}
        },
    },
    "components": {
        "schemas": {
            "Order": {
                "type": "object",
                "required": ["id", "total"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "total": {"type": "number", "minimum": 1},
                    "note": {"type": "string", "maxLength": 20},
                },
            }
        },
        "examples": {"Order": {"value": {"total": 12.5, "note": "from examples"}}},
    },
}


def _operations(document: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    normalized = normalize(copy.deepcopy(document)).document
    return normalized, build_api(normalized)


def test_operation_arguments_use_examples_then_schemas() -> None:
    document, api = _operations(OPERATIONS_DOCUMENT)
    update = next(op for op in api.operations if op.operation_id == "updateOrder")
    example = operation_example(document, update)
    values = {a.python_name: a.value for a in example.arguments}
    assert values == {
        "order_id": "example",
        "body": {"total": 12.5, "note": "from examples"},
        "x_trace": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "dry_run": False,
        "sort": "asc",
    }
    assert [a.location for a in example.arguments] == ["path", "body", "header", "query", "query"]
    assert all(a.fits_annotation for a in example.arguments)
    required_only = operation_example(document, update, optional=False)
    assert [a.python_name for a in required_only.arguments] == ["order_id", "body", "x_trace"]


def test_operation_arguments_for_binary_xml_and_any_method() -> None:
    document, api = _operations(OPERATIONS_DOCUMENT)
    by_id = {op.operation_id: op for op in api.operations}
    upload = operation_example(document, by_id["upload"])
    assert upload.arguments[0].value == b"example"
    xml = operation_example(document, by_id["postXml"]).arguments[0].value
    assert xml == "<Order><total>1.0</total><note>example</note></Order>"
    any_op = next(op for op in api.operations if op.method == "ANY")
    assert operation_example(document, any_op).arguments[0].value == "GET"


def test_examples_are_deterministic() -> None:
    first_doc, first_api = _operations(OPERATIONS_DOCUMENT)
    second_doc, second_api = _operations(OPERATIONS_DOCUMENT)
    first = [operation_example(first_doc, op) for op in first_api.operations]
    second = [operation_example(second_doc, op) for op in second_api.operations]
    assert first == second


def test_a_required_argument_that_cannot_be_made_is_located() -> None:
    document = copy.deepcopy(OPERATIONS_DOCUMENT)
    header = document["paths"]["/orders/{orderId}"]["put"]["parameters"][1]
    header["schema"] = {"type": "string", "pattern": "^(?=x)y$"}
    normalized, api = _operations(document)
    update = next(op for op in api.operations if op.operation_id == "updateOrder")
    with pytest.raises(SynthesisError, match=r"/put \(header parameter 'X-Trace'\)"):
        operation_example(normalized, update)
    # an optional one is left out, with the reason
    header["required"] = False
    normalized, api = _operations(document)
    update = next(op for op in api.operations if op.operation_id == "updateOrder")
    example = operation_example(normalized, update)
    assert example.argument("x_trace") is None
    assert example.skipped and example.skipped[0].startswith("x_trace:")


@pytest.mark.parametrize(
    ("value", "annotation", "fits"),
    [
        ("a", "str", True),
        (1, "str", False),
        (1, "float", True),
        (True, "int", False),
        ("asc", "Literal['asc', 'desc']", True),
        ("up", "Literal['asc', 'desc']", False),
        (["a"], "list[str]", True),
        ({"a": 1}, "dict[str, int]", True),
        ({"a": "x"}, "dict[str, Any]", True),
        ("x", "dict[str, Any]", False),
        (None, "Order | None", True),
        ({"total": 1}, "Order", True),
        (b"x", "bytes", True),
    ],
)
def test_fits_annotation(value: Any, annotation: str, fits: bool) -> None:
    assert fits_annotation(value, annotation) is fits


# -- document text stays inert in the source ---------------------------------------------------


HOSTILE = [
    "'''\"\"\"",
    "\\x00\\n",
    '"); import os; os.system("touch /tmp/pwned"); ("',
    "{{ jinja }}",
    "line\nbreak",
    "\u2019\u00e9\U0001f600",
    "\ud800",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_document_text_becomes_inert_literals(text: str) -> None:
    value = {text: [text, 1, 2.5, None, True], "k": {"nested": text}}
    source = literal(value)
    assert source.isascii() and "\n" not in source
    assert ast.literal_eval(source) == value
    tree = ast.parse(f"f(body={source})")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert len(calls) == 1  # only f(...) itself: nothing in the value is a call


def test_model_arguments_are_built_through_a_type_adapter() -> None:
    from generator.examples import Argument

    argument = Argument("body", {"a": "x"}, "list[Order] | None", ("Order",), "body", "body")
    assert (
        argument_source(argument)
        == "TypeAdapter(list[models.Order] | None).validate_python({'a': 'x'})"
    )
    assert qualified_annotation("Literal['Order'] | Order", ["Order"]) == (
        "Literal['Order'] | models.Order"
    )
    assert call_arguments([argument, Argument("q", "v", "str", (), "query", "q")]).endswith(
        ", q='v'"
    )


def test_xml_bodies_escape_text() -> None:
    assert xml_text({"a": "<&>", "b": [1, 2]}, "r") == "<r><a>&lt;&amp;&gt;</a><b>1</b><b>2</b></r>"


def test_deeply_nested_schemas_give_up_cleanly() -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(200):
        schema = {"type": "object", "required": ["a"], "properties": {"a": schema}}
    synthesiser = ValueSynthesiser(SchemaChecker(_document({})))
    with pytest.raises(SynthesisError, match="nests too deeply"):
        synthesiser.value(schema)


def test_the_nulls_variant_sets_required_nullable_properties_to_null() -> None:
    schemas = {
        "S": {
            "type": "object",
            "required": ["a", "b", "c"],
            "example": {"a": "x", "b": 1, "c": "y"},
            "properties": {
                "a": {"type": "string", "nullable": True},
                "b": {"type": "integer"},
                "c": {"$ref": "#/components/schemas/MaybeText"},
                "d": {"type": "string", "nullable": True},
            },
        },
        "MaybeText": {"type": "string", "nullable": True},
    }
    document = _document(schemas)
    schema = {"$ref": "#/components/schemas/S"}
    value = ValueSynthesiser(SchemaChecker(document), nulls=True).value(schema)
    assert value == {"a": None, "b": 1, "c": None, "d": "example"}
    assert _independent_errors(document, schema, value, "request") == []
    assert ValueSynthesiser(SchemaChecker(document)).value(schema) == {"a": "x", "b": 1, "c": "y"}


def test_references_that_cannot_be_followed_accept_any_value() -> None:
    document = _document(
        {
            "S": {
                "type": "object",
                "required": ["missing", "remote"],
                "properties": {
                    "missing": {"$ref": "#/components/schemas/Missing"},
                    "remote": {"$ref": "https://example.com/other.json#/Thing"},
                },
            }
        }
    )
    checker = SchemaChecker(document)
    schema = checker.document["components"]["schemas"]["S"]
    assert checker.errors(schema, {"missing": 1, "remote": [True]}) == []
    assert checker.errors(schema, {"missing": 1}) == ["(value): 'remote' is a required property"]
    assert set(ValueSynthesiser(checker).value(schema)) == {"missing", "remote"}
    assert document["components"]["schemas"]["S"]["properties"]["missing"] == {
        "$ref": "#/components/schemas/Missing"
    }  # the document itself is left as it is


def test_decimal_strings_and_examples_of_the_wrong_kind() -> None:
    assert _synthesise({"S": {"type": "string", "format": "decimal"}}) == "1.5"
    checker = SchemaChecker(_document({}))
    assert checker.errors({"type": "string", "format": "decimal"}, "string") != []
    # xero.com: a schema with properties and no type accepts a string; its example, a JSON text
    # in a string, is not what the client's model takes
    schema = {"properties": {"Name": {"type": "string"}}, "example": '{ "Name": "My Docs" }'}
    assert _synthesise({"S": schema}) == {"Name": "example"}


def test_parameters_never_take_null_and_prefer_text_branches() -> None:
    document = _document({})
    parameters = ValueSynthesiser(SchemaChecker(document), "parameter")
    nullable = {"type": "string", "nullable": True, "example": None}
    assert parameters.value(nullable) == "example"
    # an id that is an integer or a string: "1" would read as both, so a word is sent
    either = {"oneOf": [{"type": "integer"}, {"type": "string"}]}
    assert parameters.value(either) == "example"
    assert ValueSynthesiser(SchemaChecker(document)).value(either) == 1


def test_free_form_json_bodies_are_empty_objects() -> None:
    document = copy.deepcopy(OPERATIONS_DOCUMENT)
    body = document["paths"]["/orders/{orderId}"]["put"]["requestBody"]["content"][
        "application/json"
    ]
    body["schema"] = {"type": "object", "description": "anything"}
    del body["examples"]
    normalized, api = _operations(document)
    update = next(op for op in api.operations if op.operation_id == "updateOrder")
    assert operation_example(normalized, update).argument("body").value == {}  # type: ignore[union-attr]
