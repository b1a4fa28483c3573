"""Arrays: items of any type, of scalars, of models; OpenAPI 3.1's ``prefixItems``.

A list holding ``prefixItems`` is typed as a list of any of its positions' types (and of
``items``, which types the positions after them); positions are not checked one by one. Where
nothing bounds what follows the prefix (no ``items``, no ``maxItems``), anything may, so the
list is ``list[Any]``: a response the document allows always parses.
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
    SimpleObject:
      type: object
      properties:
        name: {type: string}
    ModelWithArrays:
      type: object
      properties:
        arrayOfAny: {type: array, items: {}}
        arrayOfInts: {type: array, items: {type: integer}}
        arrayOfObjects:
          type: array
          items: {$ref: "#/components/schemas/SimpleObject"}
        arrayWithoutItems: {type: array}
        singlePrefixItem:
          type: array
          prefixItems: [{type: string}]
          maxItems: 1
        prefixItems:
          type: array
          prefixItems:
            - $ref: "#/components/schemas/SimpleObject"
            - type: string
          items: false
        prefixItemsAndItems:
          type: array
          prefixItems:
            - $ref: "#/components/schemas/SimpleObject"
          items: {type: string}
        openPrefixItems:
          type: array
          prefixItems: [{type: string}]
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with generated_client(tmp_path_factory.mktemp("arrays"), DOCUMENT, name="opc_arrays") as c:
        yield c


def test_array_of_any(client: Client) -> None:
    model = client.model("ModelWithArrays")
    client.round_trip(model, {"arrayOfAny": ["a", 1]}, model(arrayOfAny=["a", 1]))


def test_array_of_ints(client: Client) -> None:
    model = client.model("ModelWithArrays")
    client.round_trip(model, {"arrayOfInts": [1, 2]}, model(arrayOfInts=[1, 2]))
    with pytest.raises(pydantic.ValidationError):
        client.decode(model, {"arrayOfInts": ["one"]})  # types are checked in responses too


def test_array_of_objects(client: Client) -> None:
    model, simple = client.model("ModelWithArrays"), client.model("SimpleObject")
    client.round_trip(
        model,
        {"arrayOfObjects": [{"name": "a"}, {"name": "b"}]},
        model(arrayOfObjects=[simple(name="a"), simple(name="b")]),
    )


def test_array_without_items_holds_anything(client: Client) -> None:
    model = client.model("ModelWithArrays")
    client.round_trip(model, {"arrayWithoutItems": [1, "b"]}, model(arrayWithoutItems=[1, "b"]))


def test_single_prefix_item(client: Client) -> None:
    model = client.model("ModelWithArrays")
    client.round_trip(model, {"singlePrefixItem": ["a"]}, model(singlePrefixItem=["a"]))


def test_prefix_items(client: Client) -> None:
    model, simple = client.model("ModelWithArrays"), client.model("SimpleObject")
    client.round_trip(
        model, {"prefixItems": [{"name": "a"}, "b"]}, model(prefixItems=[simple(name="a"), "b"])
    )


def test_prefix_items_and_items(client: Client) -> None:
    model, simple = client.model("ModelWithArrays"), client.model("SimpleObject")
    client.round_trip(
        model,
        {"prefixItemsAndItems": [{"name": "a"}, "b", "c"]},
        model(prefixItemsAndItems=[simple(name="a"), "b", "c"]),
    )


def test_what_follows_an_open_prefix_may_be_anything(client: Client) -> None:
    model = client.model("ModelWithArrays")
    data: dict[str, Any] = {"openPrefixItems": ["a", 2, {"c": True}]}
    client.round_trip(model, data, model(openPrefixItems=["a", 2, {"c": True}]))


USAGE = """
from typing import Any, assert_type

from opc_arrays.models import ModelWithArrays, SimpleObject

m = ModelWithArrays()
assert_type(m.arrayOfAny, list[Any] | None)
assert_type(m.arrayOfInts, list[int] | None)
assert_type(m.arrayOfObjects, list[SimpleObject] | None)
assert_type(m.arrayWithoutItems, list[Any] | None)
assert_type(m.singlePrefixItem, list[str] | None)
assert_type(m.prefixItems, list[SimpleObject | str] | None)
assert_type(m.prefixItemsAndItems, list[SimpleObject | str] | None)
assert_type(m.openPrefixItems, list[Any] | None)
"""


def test_type_hints(client: Client, mypy_cache: Path) -> None:
    clean, output = type_check(client.outcome, USAGE, mypy_cache)
    assert clean, output
