from __future__ import annotations

import ast
import keyword

import pytest

from generator.naming import (
    NameRegistry,
    camel_case,
    docstring_text,
    markdown_text,
    pascal_case,
    py_literal,
    snake_case,
    toml_string,
)


@pytest.mark.parametrize(
    ("text", "snake", "pascal"),
    [
        ("getOrderById", "get_order_by_id", "GetOrderById"),
        ("GET HTTP", "get_http", "GetHttp"),
        ("x-api-key", "x_api_key", "XApiKey"),
        ("class", "class_", "Class"),
        ("123abc", "value_123abc", "Model123abc"),
        ("naïve café", "naive_cafe", "NaiveCafe"),
        ("", "value", "Model"),
        ("BaseModel", "base_model", "BaseModelModel"),
        ("match", "match_", "Match"),
    ],
)
def test_identifiers(text: str, snake: str, pascal: str) -> None:
    assert snake_case(text) == snake
    assert pascal_case(text) == pascal
    for name in (snake_case(text), pascal_case(text), camel_case(text)):
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


def test_long_names_are_clipped() -> None:
    assert len(snake_case("a" * 500)) <= 80


def test_registry_suffixes_collisions_deterministically() -> None:
    reg = NameRegistry({"self"})
    assert [reg.claim(n) for n in ("id", "id", "self", "v2", "v2")] == [
        "id",
        "id_2",
        "self_2",
        "v2",
        "v2_v2",
    ]
    classes = NameRegistry()
    assert [classes.claim_class(n) for n in ("Order", "Order", "Order")] == [
        "Order",
        "Order2",
        "Order3",
    ]


@pytest.mark.parametrize("text", ['a"b', "a'''b", 'x"""y', "back\\slash", "new\nline", "\u2028é😀"])
def test_literals_round_trip(text: str) -> None:
    assert ast.literal_eval(py_literal(text)) == text
    assert py_literal(text).isascii()


@pytest.mark.parametrize("text", ['ends with quote"', 'x"""y', "a\\", "a\\\nb", "\x00ctl"])
def test_docstring_text_never_closes_the_string(text: str) -> None:
    source = f'def f() -> None:\n    """{docstring_text(text, indent="    ")}"""\n'
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 1


def test_toml_string_is_valid_toml() -> None:
    import tomllib

    for text in ['a"b\\c', "é😀\n\t", "plain"]:
        assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


def test_markdown_text_is_one_inert_line() -> None:
    assert markdown_text("a | b\n`code` <script>") == "a \\| b \\`code\\` \\<script\\>"
