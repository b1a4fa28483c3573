"""Hostile API documents: names and texts made to break a code generator.

Shared by the other ``tests/test_hostile*.py`` (this module has no tests of its own): fixed payloads, a hand-written worst-case document and
hypothesis strategies that build random documents out of the same ingredients.
"""

from __future__ import annotations

import builtins
import keyword
from typing import Any

from hypothesis import strategies as st

from generator.spec.diagnostics import escape_pointer_token

CANARY_PLACEHOLDER = "@CANARY@"

# Text that would run if the generator ever pasted document text into code (or a template).
CODE_PAYLOADS = (
    f"__import__('os').system('touch {CANARY_PLACEHOLDER}')",
    f'"""; __import__("pathlib").Path("{CANARY_PLACEHOLDER}").touch() #',
    '"""; import os; os._exit(3) #',
    "'''; import os; os._exit(3) #",
    '"; import os; os._exit(3) #',
    "'; import os; os._exit(3) #",
    "\\'; import os; os._exit(3) #",
    '\\"""; import os; os._exit(3) #\\',
    "{{ cycler.__init__.__globals__.os._exit(3) }}",
    "{% for x in range(10**9) %}{{ x }}{% endfor %}",
    "{{ 7*7 }}",
    "{#",
    "{%",
    "}}",
    "\\N{BULLET} \\x41 \\u0041 \\",
    "ends with a backslash \\",
    'ends with a quote "',
    'ends with two quotes ""',
    "line\nbreak\r\nand\rreturns\u2028and\u2029separators",
    "paragraph\n\n\n  \n\t\nafter blank lines   \n",
    "tab\there\x00nul\x1bescape\x7fdel",
    "\u2019smart\u2019 \u201cquotes\u201d \u2013 dash \u2014 \u00e9moji \U0001f600 "
    "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u043a\u0438\u0440 \u65e5\u672c",
    "<script>alert(1)</script> `code` | pipe # hash *star* [link](x)",
    "x" * 500,
)

NAME_PAYLOADS = (
    "cast",  # names a generated method's body calls
    "call",
    "call_async",
    *keyword.kwlist,
    *keyword.softkwlist,
    "__init__",
    "__class__",
    "__dict__",
    "__import__",
    "_",
    "__",
    "self",
    "cls",
    "print",
    "list",
    "dict",
    "type",
    "id",
    "object",
    "str",
    "Client",
    "AsyncClient",
    "BaseModel",
    "RootModel",
    "Field",
    "ConfigDict",
    "Any",
    "Literal",
    "Operation",
    "Param",
    "NotGiven",
    "Timeout",
    "models",
    "resources",
    "_base_client",
    "_models",
    "Lazy",
    "Pagination",
    "deprecated",
    "_client",
    "send",
    "cast",
    "TYPE_CHECKING",
    "annotations",
    "l",
    "I",
    "O",
    "123abc",
    "",
    " ",
    "-",
    "ü",
    "日本語",
    "with_raw_response",
    "with_options",
    "base_url",
    "timeout",
    "extra_headers",
    "extra_query",
    "body",
    "method",
    "max_retries",
    "a-b",
    "a_b",
    "A B",
    "aB",
    "AB",
    "a.b",
    "a/b",
    "a~b",
    "a{b}",
    "$ref",
    "x-foo",
    "model_config",
    "model_fields",
    "model_dump",
    "model_",
    "root",
    "__root__",
    "schema",
    "json",
    "copy",
    "validate",
    "construct",
    "fields",
    "n" * 300,
    *CODE_PAYLOADS[:4],
)

BUILTIN_NAMES = tuple(sorted(n for n in dir(builtins) if not n.startswith("_")))[:40]

texts = st.one_of(
    st.sampled_from(CODE_PAYLOADS),
    st.text(max_size=40),
    st.lists(st.sampled_from(CODE_PAYLOADS), min_size=2, max_size=3).map("".join),
)
names = st.one_of(
    st.sampled_from(NAME_PAYLOADS),
    st.sampled_from(BUILTIN_NAMES),
    st.text(min_size=1, max_size=24),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_\-]{0,12}", fullmatch=True),
)
# Names usable inside a path template: no braces or slashes, not empty.
path_names = names.filter(lambda n: n.strip() and not set(n) & set("{}/?#%"))


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": "#/components/schemas/" + escape_pointer_token(name)}


@st.composite
def property_schemas(draw: st.DrawFn, schema_names: list[str]) -> dict[str, Any]:
    choice = draw(st.integers(0, 10))
    if choice == 7:
        members = [
            schema_ref(n)
            for n in draw(st.lists(st.sampled_from(schema_names), min_size=1, max_size=3))
        ]
        return {
            draw(st.sampled_from(["allOf", "oneOf", "anyOf"])): members,
            "nullable": draw(st.booleans()),
        }
    if choice == 8:
        return {
            "type": "string",
            "format": draw(
                st.sampled_from(["date-time", "date", "uuid", "binary", "byte", "email", "weird"])
            ),
            "default": draw(st.one_of(texts, st.integers(), st.none())),
            "readOnly": draw(st.booleans()),
        }
    if choice == 9:
        return {
            "type": draw(st.sampled_from(["integer", "number", "boolean"])),
            "default": draw(texts),
            "nullable": True,
        }
    if choice == 10:
        return {
            "type": "object",
            "additionalProperties": schema_ref(draw(st.sampled_from(schema_names))),
        }
    if choice == 0:
        return schema_ref(draw(st.sampled_from(schema_names)))  # recursion, mutual recursion
    if choice == 1:
        return {"type": "array", "items": schema_ref(draw(st.sampled_from(schema_names)))}
    if choice == 2:
        values = draw(st.lists(texts, min_size=1, max_size=6, unique=True))
        return {"type": "string", "enum": values, "description": draw(texts)}
    if choice == 3:
        return {"type": "integer", "enum": draw(st.lists(st.integers(), min_size=1, max_size=4))}
    if choice == 4:
        return {
            "type": "string",
            "default": draw(texts),
            "pattern": draw(st.sampled_from(PATTERNS)),
        }
    if choice == 5:
        return {"type": "object", "additionalProperties": {"type": "string"}, "title": draw(texts)}
    return {"type": "string", "description": draw(texts), "example": draw(texts)}


PATTERNS = ("^[a-z]+$", "(?=lookahead)", "\\p{Greek}", "(a)\\1", "[", "\\d{3}", "é+")


@st.composite
def schemas(draw: st.DrawFn) -> dict[str, Any]:
    schema_names = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    result: dict[str, Any] = {}
    for name in schema_names:
        if draw(st.integers(0, 5)) == 0:
            result[name] = {
                "type": "string",
                "enum": draw(st.lists(texts, min_size=1, max_size=8, unique=True)),
                "description": draw(texts),
            }
            continue
        properties = draw(st.dictionaries(names, property_schemas(schema_names), max_size=4))
        result[name] = {
            "type": "object",
            "title": draw(texts),
            "description": draw(texts),
            "properties": properties,
            "required": sorted(draw(st.sets(st.sampled_from(sorted(properties) or [""])))),
        }
    return result


@st.composite
def operations(draw: st.DrawFn, schema_names: list[str]) -> dict[str, Any]:
    params = []
    for location in draw(st.lists(st.sampled_from(["query", "header", "cookie"]), max_size=3)):
        params.append(
            {
                "name": draw(names),
                "in": location,
                "required": draw(st.booleans()),
                "description": draw(texts),
                "schema": draw(
                    st.sampled_from(
                        [
                            {"type": "string"},
                            {"type": "integer"},
                            {
                                "type": "string",
                                "enum": draw(st.lists(texts, min_size=1, max_size=4)),
                            },
                        ]
                    )
                ),
            }
        )
    target = draw(st.sampled_from(schema_names))
    op: dict[str, Any] = {
        "operationId": draw(names),
        "summary": draw(texts),
        "description": draw(texts),
        "tags": [draw(names)],
        "parameters": params,
        "responses": {
            draw(st.sampled_from(["200", "201", "2XX", "default"])): {
                "description": draw(texts),
                "content": {"application/json": {"schema": schema_ref(target)}},
            },
            "404": {"description": draw(texts)},
        },
    }
    if draw(st.booleans()):
        op["requestBody"] = {
            "description": draw(texts),
            "required": draw(st.booleans()),
            "content": {"application/json": {"schema": schema_ref(target)}},
        }
    return op


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    components = draw(schemas())
    schema_names = list(components)
    paths: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 3))):
        segment = draw(path_names)
        variable = draw(path_names)
        path = f"/{segment}/{{{variable}}}" if draw(st.booleans()) else f"/{segment}"
        item = paths.setdefault(path, {})
        for method in draw(st.sets(st.sampled_from(["get", "post", "put", "delete"]), min_size=1)):
            op = draw(operations(schema_names))
            if "{" in path:
                op["parameters"].append(
                    {"name": variable, "in": "path", "required": True, "schema": {"type": "string"}}
                )
            item[method] = op
    return {
        "openapi": "3.0.3",
        "info": {"title": draw(texts), "version": draw(texts), "description": draw(texts)},
        "servers": [{"url": draw(st.sampled_from(SERVER_URLS))}],
        "tags": [{"name": draw(names), "description": draw(texts)}],
        "paths": paths,
        "components": {"schemas": components},
    }


SERVER_URLS = (
    "https://example.com/{{7*7}}",
    'https://example.com/"""; import os; os._exit(3) #',
    "javascript:alert(1)",
    "${stageVariables.url}",
    "https://{host}/v1",
    "https://example.com/prod",
    "/relative",
)


def with_canary(value: Any, canary: str) -> Any:
    """``value`` with the canary path put in place of the placeholder, everywhere."""
    if isinstance(value, dict):
        return {with_canary(k, canary): with_canary(v, canary) for k, v in value.items()}
    if isinstance(value, list):
        return [with_canary(v, canary) for v in value]
    if isinstance(value, str):
        return value.replace(CANARY_PLACEHOLDER, canary)
    return value


def worst_case_document() -> dict[str, Any]:
    """One fixed document with every payload in every place a text or name can go."""
    payload_props = {
        name: {"type": "string", "description": text}
        for name, text in zip(NAME_PAYLOADS, CODE_PAYLOADS * 4, strict=False)
    }
    huge_enum = [f"value {i} {CODE_PAYLOADS[i % len(CODE_PAYLOADS)][:30]}" for i in range(3000)]
    components: dict[str, Any] = {
        "class": {
            "type": "object",
            "description": CODE_PAYLOADS[1],
            "properties": payload_props,
        },
        "Class": {"type": "object", "properties": {"self": schema_ref("class")}},
        "CLASS!": {"type": "object", "properties": {"next": schema_ref("CLASS!")}},
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": schema_ref("Node")},
                "parent": schema_ref("Node"),
                "other": schema_ref("Other/Side~"),
            },
        },
        "Other/Side~": {"type": "object", "properties": {"node": schema_ref("Node")}},
        "Operation": {"type": "object", "properties": {"id": {"type": "string"}}},
        "BaseModel": {"type": "string", "enum": list(CODE_PAYLOADS[:12])},
        "Huge": {"type": "string", "enum": huge_enum},
        "Ints": {"type": "integer", "enum": list(range(-50, 2000))},
        "l": {"type": "object", "properties": {"l": {"type": "number"}, "O": {"type": "integer"}}},
        "Tree": {"type": "array", "items": schema_ref("Tree")},
    }
    params = [
        {"name": name, "in": location, "schema": {"type": "string"}, "description": text}
        for (name, text), location in zip(
            zip(NAME_PAYLOADS[:30], CODE_PAYLOADS * 2, strict=False),
            ["query", "header"] * 15,
            strict=False,
        )
    ]
    response = {
        "description": CODE_PAYLOADS[2],
        "content": {"application/json": {"schema": schema_ref("class")}},
    }
    paths = {
        "/items/{class}/{__init__}": {
            "get": {
                "operationId": "class",
                "summary": CODE_PAYLOADS[0],
                "description": CODE_PAYLOADS[1],
                "tags": ["import"],
                "parameters": [
                    {"name": "class", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "__init__",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "mode",
                        "in": "query",
                        "schema": {"type": "string", "enum": list(CODE_PAYLOADS[:6])},
                    },
                ],
                "responses": {"200": response},
            },
            "post": {
                "operationId": "class",  # duplicate operationId
                "summary": CODE_PAYLOADS[2],
                "tags": ["import"],
                "parameters": [
                    {"name": "class", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "__init__",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                ],
                "requestBody": {
                    "content": {"application/json": {"schema": schema_ref("Node")}},
                },
                "responses": {"201": response},
            },
        },
        "/with_raw_response": {
            "get": {
                "operationId": 'get"""payload',
                "tags": ["with_raw_response"],
                "parameters": params,
                "responses": {"200": response},
            }
        },
        "/{{7*7}}": {
            "delete": {
                "operationId": "__init__",
                "tags": ["{{ 7*7 }}"],
                "responses": {"204": {"description": CODE_PAYLOADS[8]}},
            },
            "put": {
                "operationId": "delete",
                "tags": ["Client"],
                "requestBody": {"content": {"application/json": {"schema": schema_ref("Huge")}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": schema_ref("Tree")}},
                    }
                },
            },
        },
        "/ops": {
            "get": {
                "operationId": "listOperations",
                "tags": ["Operation"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": schema_ref("Operation")}},
                    }
                },
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": CODE_PAYLOADS[1],
            "version": CODE_PAYLOADS[2],
            "description": CODE_PAYLOADS[0],
        },
        "servers": [{"url": SERVER_URLS[1]}],
        "tags": [{"name": "import", "description": CODE_PAYLOADS[0]}],
        "paths": paths,
        "components": {"schemas": components},
    }


def swagger_worst_case() -> dict[str, Any]:
    """The same ingredients as a Swagger 2.0 document (converted to OpenAPI 3 on the way)."""
    definitions = {
        "class": {
            "type": "object",
            "description": CODE_PAYLOADS[1],
            "properties": {
                name: {"type": "string", "description": text}
                for name, text in zip(NAME_PAYLOADS[40:80], CODE_PAYLOADS * 3, strict=False)
            },
        },
        "Node": {
            "type": "object",
            "properties": {"next": {"$ref": "#/definitions/Node"}, "kind": {"type": "string"}},
            "discriminator": "kind",
        },
        "Enum": {"type": "string", "enum": list(CODE_PAYLOADS[:10])},
    }
    return {
        "swagger": "2.0",
        "info": {"title": CODE_PAYLOADS[0], "version": CODE_PAYLOADS[3]},
        "host": "example.com",
        "basePath": '/"""',
        "schemes": ["https"],
        "paths": {
            "/{import}/{proxy+}": {
                "x-amazon-apigateway-any-method": {
                    "summary": CODE_PAYLOADS[2],
                    "parameters": [
                        {"name": "import", "in": "path", "required": True, "type": "string"},
                        {"name": "proxy", "in": "path", "required": True, "type": "string"},
                        {"name": "def", "in": "query", "type": "string", "enum": ["a", "'b'"]},
                        {"name": "X-Class", "in": "header", "type": "integer"},
                    ],
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/class"}}
                    },
                }
            },
            "/nodes": {
                "post": {
                    "operationId": "__class__",
                    "parameters": [
                        {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Node"}},
                    ],
                    "responses": {
                        "201": {
                            "description": CODE_PAYLOADS[5],
                            "schema": {"$ref": "#/definitions/Node"},
                        },
                        "400": {"description": "bad", "schema": {"$ref": "#/definitions/Enum"}},
                    },
                }
            },
        },
        "definitions": definitions,
    }
