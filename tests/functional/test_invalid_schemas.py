"""Schemas a generator cannot use as written: arrays, defaults, enums and consts, references,
unions. (openapi-python-client's ``generator_failure_cases``, except documents, see
test_invalid_documents.py.)

openapi-python-client leaves such a schema out and warns. sdkgen keeps the client whole: it
types what it can, leaves out the one keyword it cannot use (a default, a reference), and
lists each in the manifest's ``omitted`` with its JSON pointer, printed as a warning;
``sdkgen generate`` still exits 0. Where the document is merely unusual (an array without
``items``, an enum of mixed types, a duplicated enum value), nothing is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from tests.support.inline import Client, generated_client, type_check

DOCUMENT = """
components:
  schemas:
    ArrayWithNoItems:
      type: array
    ArrayWithInvalidItemsRef:
      type: array
      items:
        $ref: "#/components/schemas/DoesntExist"
    WithBadDefaults:
      type: object
      properties:
        badBoolean: {type: boolean, default: "not a boolean"}
        badIntAsString: {type: integer, default: "not an int"}
        badIntAsOther: {type: integer, default: true}
        badFloatAsString: {type: number, default: "not a number"}
        badFloatAsOther: {type: number, default: true}
        badDateAsString: {type: string, format: date, default: "xxx"}
        badDateAsOther: {type: string, format: date, default: 3}
        badDateTimeAsString: {type: string, format: date-time, default: "xxx"}
        badDateTimeAsOther: {type: string, format: date-time, default: 3}
        badUuidAsString: {type: string, format: uuid, default: "xxx"}
        badUuidAsOther: {type: string, format: uuid, default: 3}
        badEnum: {type: string, enum: ["a", "b"], default: "x"}
        overriddenEnumWithBadDefault:
          allOf:
            - $ref: "#/components/schemas/GoodEnum"
          default: "x"
        unionWithNoValidDefault:
          anyOf: [{type: boolean}, {type: integer}]
          default: "xxx"
        typeListWithNoValidDefault:
          type: [number, integer]
          default: aaa
        constWithOtherDefault: {const: "aaa", default: "bbb"}
    GoodEnum:
      type: string
      enum: ["a", "b"]
    WithBadDefaultValue:
      enum: ["A"]
      default: "B"
    WithMixedTypes:
      enum: ["A", 1]
    WithFloatValues:
      enum: [1.4, 1.5]
    WithDuplicateValues:
      enum: ["x", "x"]
    WithConflictingInlineNames:
      type: object
      properties:
        "12":
          enum: ["a", "b"]
    WithConflictingInlineNames1:
      type: object
      properties:
        "2":
          enum: ["c", "d"]
    AnyObject:
      $ref: "#/components/schemas/OtherObject"
    OtherObject:
      $ref: "#/components/schemas/AnyObject"
    WithCircularReference:
      type: object
      properties:
        circular: {$ref: "#/components/schemas/AnyObject"}
    UnionWithInvalidReference:
      anyOf:
        - $ref: "#/components/schemas/DoesntExist"
    UnionWithMalformedVariant:
      anyOf:
        - type: string
        - type: array
    Holder:
      type: object
      properties:
        mixed: {$ref: "#/components/schemas/WithMixedTypes"}
        floats: {$ref: "#/components/schemas/WithFloatValues"}
        noItems: {$ref: "#/components/schemas/ArrayWithNoItems"}
        badItems: {$ref: "#/components/schemas/ArrayWithInvalidItemsRef"}
        invalidReference: {$ref: "#/components/schemas/UnionWithInvalidReference"}
        malformedVariant: {$ref: "#/components/schemas/UnionWithMalformedVariant"}
"""
BAD_DEFAULTS = [
    "badBoolean",
    "badIntAsString",
    "badIntAsOther",
    "badFloatAsString",
    "badFloatAsOther",
    "badDateAsString",
    "badDateAsOther",
    "badDateTimeAsString",
    "badDateTimeAsOther",
    "badUuidAsString",
    "badUuidAsOther",
    "badEnum",
    "overriddenEnumWithBadDefault",
    "unionWithNoValidDefault",
    "typeListWithNoValidDefault",
    "constWithOtherDefault",
]
SCHEMAS = "/components/schemas"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    tmp = tmp_path_factory.mktemp("invalid_schemas")
    with generated_client(tmp, DOCUMENT, name="opc_invalid_schemas") as c:
        yield c


def test_every_schema_is_a_model(client: Client) -> None:
    assert client.outcome.exit_code == 0
    names = [m["class"] for m in client.outcome.manifest["models"]]
    for name in ("ArrayWithNoItems", "WithMixedTypes", "AnyObject", "UnionWithInvalidReference"):
        assert name in names


# -- arrays ----------------------------------------------------------------------------------


def test_array_without_items_holds_anything(client: Client) -> None:
    holder = client.decode(client.model("Holder"), {"noItems": [1, "a", None]})
    assert holder.noItems == [1, "a", None]


def test_array_whose_items_reference_nothing(client: Client) -> None:
    omission = client.outcome.omission_at(f"{SCHEMAS}/ArrayWithInvalidItemsRef/items")
    assert (omission["code"], omission["untyped"]) == ("unresolved-ref", True)
    holder = client.decode(client.model("Holder"), {"badItems": [1, "a"]})
    assert holder.badItems == [1, "a"]


# -- defaults --------------------------------------------------------------------------------


@pytest.mark.parametrize("prop", BAD_DEFAULTS)
def test_a_default_that_does_not_fit_is_left_out(client: Client, prop: str) -> None:
    omission = client.outcome.omission_at(f"{SCHEMAS}/WithBadDefaults/properties/{prop}/default")
    assert (omission["code"], omission["untyped"]) == ("invalid-default", False)
    assert getattr(client.model("WithBadDefaults")(), prop) is None


def test_the_default_of_a_named_schema_is_not_applied(client: Client) -> None:
    """A default on a referenced schema is not the default of the members referring to it
    (their own default is), so one that fits no value is not used, and not reported."""
    enum = client.model("WithBadDefaultValue")
    assert [m.value for m in enum] == ["A"]
    left_out = [o["pointer"].split("/")[3] for o in client.outcome.omitted()]
    assert "WithBadDefaultValue" not in left_out


# -- enums and consts ---------------------------------------------------------------------


def test_enum_of_mixed_types(client: Client) -> None:
    holder = client.model("Holder")
    assert client.decode(holder, {"mixed": "A"}).mixed == "A"
    assert client.decode(holder, {"mixed": 1}).mixed == 1
    with pytest.raises(pydantic.ValidationError):
        client.decode(holder, {"mixed": 2})


def test_enum_of_numbers_with_fractions(client: Client) -> None:
    """``Literal`` cannot hold 1.4: the values are typed ``float``, and not checked."""
    omission = client.outcome.omission_at(f"{SCHEMAS}/WithFloatValues/enum")
    assert (omission["code"], omission["untyped"]) == ("float-enum", False)
    holder = client.model("Holder")
    assert client.decode(holder, {"floats": 1.4}).floats == 1.4
    with pytest.raises(pydantic.ValidationError):
        client.decode(holder, {"floats": "1.4x"})


def test_enum_with_a_value_twice(client: Client) -> None:
    assert [(m.name, m.value) for m in client.model("WithDuplicateValues")] == [("X", "x")]


def test_inline_enums_need_no_class_names(client: Client) -> None:
    first, second = (
        client.model("WithConflictingInlineNames"),
        client.model("WithConflictingInlineNames1"),
    )
    assert client.decode(first, {"12": "a"}).field_12 == "a"
    assert client.decode(second, {"2": "c"}).field_2 == "c"


# -- references ------------------------------------------------------------------------------


def test_references_in_a_circle(client: Client) -> None:
    """``AnyObject`` and ``OtherObject`` only name each other: no type at the end."""
    for name in ("AnyObject", "OtherObject"):
        omission = client.outcome.omission_at(f"{SCHEMAS}/{name}")
        assert (omission["code"], omission["untyped"]) == ("recursive-ref", True)
    model = client.model("WithCircularReference")
    assert client.decode(model, {"circular": {"a": [1]}}).circular == {"a": [1]}


# -- unions ----------------------------------------------------------------------------------


def test_union_whose_member_references_nothing(client: Client) -> None:
    omission = client.outcome.omission_at(f"{SCHEMAS}/UnionWithInvalidReference/anyOf/0")
    assert (omission["code"], omission["untyped"]) == ("unresolved-ref", True)
    holder = client.decode(client.model("Holder"), {"invalidReference": {"x": 1}})
    assert holder.invalidReference == {"x": 1}


def test_union_with_an_array_without_items(client: Client) -> None:
    holder = client.model("Holder")
    assert client.decode(holder, {"malformedVariant": "a"}).malformedVariant == "a"
    assert client.decode(holder, {"malformedVariant": [1]}).malformedVariant == [1]


def test_nothing_else_is_left_out(client: Client) -> None:
    expected = {
        f"{SCHEMAS}/ArrayWithInvalidItemsRef/items",
        *(f"{SCHEMAS}/WithBadDefaults/properties/{p}/default" for p in BAD_DEFAULTS),
        f"{SCHEMAS}/WithFloatValues/enum",
        f"{SCHEMAS}/AnyObject",
        f"{SCHEMAS}/OtherObject",
        f"{SCHEMAS}/UnionWithInvalidReference/anyOf/0",
    }
    found: list[dict[str, Any]] = client.outcome.omitted()
    assert sorted(o["pointer"] for o in found) == sorted(expected)


USAGE = """
from typing import Any, Literal, assert_type

from opc_invalid_schemas.models import Holder, WithCircularReference

h = Holder()
assert_type(h.mixed, Literal["A", 1] | None)
assert_type(h.floats, float | None)
assert_type(h.noItems, list[Any] | None)
assert_type(h.badItems, list[Any] | None)
assert_type(h.invalidReference, Any)
assert_type(h.malformedVariant, str | list[Any] | None)
assert_type(WithCircularReference().circular, Any)
"""


def test_type_hints(client: Client, mypy_cache: Path) -> None:
    clean, output = type_check(client.outcome, USAGE, mypy_cache)
    assert clean, output
