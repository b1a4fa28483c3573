"""Enums and consts: member names, values read and sent, values a document does not list,
integer enums, ``x-enum-varnames``, enums that allow ``null``, ``const``.

sdkgen's enums are open where they are text: a response value the document does not list is
kept as an ``UnknownEnumValue`` (so an API adding a value does not break older clients),
while a request takes only the documented values. Integer enums and ``const`` numbers stay
closed. Named enums are ``StrEnum``/``IntEnum`` classes; enums written in place are
``Literal`` types (openapi-python-client makes a class of each, or ``Literal``s everywhere
with its ``literal_enums`` option; sdkgen has no such option).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pydantic
import pytest

from tests.support.inline import Client, generated_client, type_check

DOCUMENT = """
components:
  schemas:
    MyEnum:
      type: string
      enum: ["a", "B", "a23", "123", "1bc", "a Thing WIth spaces", ""]
    MyVarNamesEnum:
      type: string
      enum: ["a", "b", "c"]
      x-enum-varnames: ["One", "More than OnE", "not_quite_four"]
    MyIntEnum:
      type: integer
      enum: [2, 3, -4]
    MyIntVarNamesEnum:
      type: integer
      enum: [2, 3, -4]
      x-enum-varnames: ["Two", "Three", "Negative Four"]
    MyEnumIncludingNull:
      type: ["string", "null"]
      enum: ["a", "b", null]
    MyNullOnlyEnum:
      enum: [null]
    MyModel:
      type: object
      properties:
        enumProp: {$ref: "#/components/schemas/MyEnum"}
        inlineEnumProp:
          type: string
          enum: ["a", "b"]
        intEnumProp: {$ref: "#/components/schemas/MyIntEnum"}
        inlineIntEnumProp:
          type: integer
          enum: [2, 3]
        nullableEnumProp:
          oneOf:
            - $ref: "#/components/schemas/MyEnum"
            - type: "null"
        enumIncludingNullProp: {$ref: "#/components/schemas/MyEnumIncludingNull"}
        nullOnlyEnumProp: {$ref: "#/components/schemas/MyNullOnlyEnum"}
        mustBeErnest:
          const: Ernest
        mustBeThirty:
          const: 30
    MyModelWithRequired:
      type: object
      properties:
        enumProp: {$ref: "#/components/schemas/MyEnum"}
      required: [enumProp]
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with generated_client(tmp_path_factory.mktemp("enums"), DOCUMENT, name="opc_enums") as c:
        yield c


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("A", "a"),
        ("B", "B"),
        ("A_23", "a23"),
        ("FIELD_123", "123"),
        ("FIELD_1BC", "1bc"),
        ("A_THING_W_ITH_SPACES", "a Thing WIth spaces"),
        ("EMPTY", ""),
    ],
)
def test_string_enum_members(client: Client, name: str, value: str) -> None:
    enum = client.model("MyEnum")
    assert enum[name] is enum(value)
    assert enum[name] == value  # a StrEnum: its members are their text


def test_every_value_is_a_member(client: Client) -> None:
    assert [m.value for m in client.model("MyEnum")] == [
        "a",
        "B",
        "a23",
        "123",
        "1bc",
        "a Thing WIth spaces",
        "",
    ]


def test_enum_property(client: Client) -> None:
    model, enum = client.model("MyModel"), client.model("MyEnum")
    client.round_trip(model, {"enumProp": "B"}, model(enumProp=enum.B))
    assert client.decode(model, {"enumProp": "B"}).enumProp is enum.B


def test_an_enum_written_in_place_is_a_literal(client: Client) -> None:
    model = client.model("MyModel")
    client.round_trip(model, {"inlineEnumProp": "a"}, model(inlineEnumProp="a"))
    assert not hasattr(client.models, "MyModelInlineEnumProp")


@pytest.mark.parametrize("value", ["c", "A"])
def test_a_text_value_the_document_does_not_list(client: Client, value: str) -> None:
    model = client.model("MyModel")
    unknown = client.submodule("_model_base").UnknownEnumValue
    for prop in ("enumProp", "inlineEnumProp"):
        read = getattr(client.decode(model, {prop: value}), prop)
        assert isinstance(read, unknown) and read == value  # kept, in a response
        with pytest.raises(pydantic.ValidationError):
            model(**{prop: value})  # refused in a request
        assert client.encode(model(**{prop: unknown(value)})) == {prop: value}  # unless explicit


def test_a_value_of_another_type_is_refused(client: Client) -> None:
    with pytest.raises(pydantic.ValidationError):
        client.decode(client.model("MyModel"), {"enumProp": 2})


def test_x_enum_varnames_name_the_members(client: Client) -> None:
    enum = client.model("MyVarNamesEnum")
    assert [(m.name, m.value) for m in enum] == [
        ("ONE", "a"),
        ("MORE_THAN_ON_E", "b"),
        ("NOT_QUITE_FOUR", "c"),
    ]


def test_integer_enum(client: Client) -> None:
    model, enum = client.model("MyModel"), client.model("MyIntEnum")
    assert [(m.name, m.value) for m in enum] == [
        ("INTEGER_2", 2),
        ("INTEGER_3", 3),
        ("INTEGER_MINUS_4", -4),
    ]
    client.round_trip(model, {"intEnumProp": -4}, model(intEnumProp=enum.INTEGER_MINUS_4))
    client.round_trip(model, {"inlineIntEnumProp": 2}, model(inlineIntEnumProp=2))
    named = client.model("MyIntVarNamesEnum")
    assert [(m.name, m.value) for m in named] == [("TWO", 2), ("THREE", 3), ("NEGATIVE_FOUR", -4)]


@pytest.mark.parametrize(
    "data", [{"intEnumProp": 5}, {"intEnumProp": "a"}, {"inlineIntEnumProp": 4}]
)
def test_integer_enums_are_closed(client: Client, data: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        client.decode(client.model("MyModel"), data)


def test_an_enum_or_null(client: Client) -> None:
    model, enum = client.model("MyModel"), client.model("MyEnum")
    client.round_trip(model, {"nullableEnumProp": "B"}, model(nullableEnumProp=enum.B))
    assert client.decode(model, {"nullableEnumProp": "B"}).nullableEnumProp is enum.B
    client.round_trip(model, {"nullableEnumProp": None}, model(nullableEnumProp=None))


def test_an_enum_including_null(client: Client) -> None:
    model, enum = client.model("MyModel"), client.model("MyEnumIncludingNull")
    assert [m.value for m in enum] == ["a", "b"]
    client.round_trip(model, {"enumIncludingNullProp": "a"}, model(enumIncludingNullProp=enum.A))
    client.round_trip(model, {"enumIncludingNullProp": None}, model(enumIncludingNullProp=None))


def test_an_enum_of_null_alone(client: Client) -> None:
    model = client.model("MyModel")
    read = client.decode(model, {"nullOnlyEnumProp": None})
    assert read.nullOnlyEnumProp is None
    assert client.encode(read) == {"nullOnlyEnumProp": None}
    with pytest.raises(pydantic.ValidationError):
        client.decode(model, {"nullOnlyEnumProp": "a"})


def test_const(client: Client) -> None:
    model = client.model("MyModel")
    client.round_trip(model, {"mustBeErnest": "Ernest"}, model(mustBeErnest="Ernest"))
    client.round_trip(model, {"mustBeThirty": 30}, model(mustBeThirty=30))
    with pytest.raises(pydantic.ValidationError):
        model(mustBeErnest="Jack")
    with pytest.raises(pydantic.ValidationError):
        client.decode(model, {"mustBeThirty": 29})
    # text consts are open like text enums: a response may carry another value
    unknown = client.submodule("_model_base").UnknownEnumValue
    assert isinstance(client.decode(model, {"mustBeErnest": "Jack"}).mustBeErnest, unknown)


USAGE = """
from typing import Literal, assert_type

from opc_enums._model_base import UnknownEnumValue
from opc_enums.models import MyEnum, MyEnumIncludingNull, MyIntEnum, MyModel, MyModelWithRequired

m = MyModel()
assert_type(m.enumProp, MyEnum | UnknownEnumValue | None)
assert_type(m.inlineEnumProp, Literal["a", "b"] | UnknownEnumValue | None)
assert_type(m.intEnumProp, MyIntEnum | None)
assert_type(m.inlineIntEnumProp, Literal[2, 3] | None)
assert_type(m.nullableEnumProp, MyEnum | UnknownEnumValue | None)
assert_type(m.enumIncludingNullProp, MyEnumIncludingNull | UnknownEnumValue | None)
assert_type(m.nullOnlyEnumProp, None)
assert_type(m.mustBeErnest, Literal["Ernest"] | UnknownEnumValue | None)
assert_type(m.mustBeThirty, Literal[30] | None)
r = MyModelWithRequired(enumProp=MyEnum.A)
assert_type(r.enumProp, MyEnum | UnknownEnumValue)
MyModel(enumProp="c")  # type: ignore[arg-type]
"""


def test_type_hints(client: Client, mypy_cache: Path) -> None:
    clean, output = type_check(client.outcome, USAGE, mypy_cache)
    assert clean, output
