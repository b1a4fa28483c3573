"""Unions: lists of types, ``oneOf`` members told apart by their required members, objects or
scalars, unions nested in unions, unions of one member.

Members are resolved by pydantic's union validation (each member tried; the one that fits
exactly wins), not by a generator's own disambiguation code. A named union (``ThingAOrB``) is
used inside models as the union it describes (``ThingA | ThingB``), so its members are read
and set directly; its class remains for reading such a value on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.inline import Client, generated_client, type_check

DOCUMENT = """
components:
  schemas:
    StringOrInt:
      type: [string, integer]
    ThingA:
      type: object
      properties:
        propA: {type: string}
      required: [propA]
    ThingB:
      type: object
      properties:
        propB: {type: string}
      required: [propB]
    ThingAOrB:
      oneOf:
        - $ref: "#/components/schemas/ThingA"
        - $ref: "#/components/schemas/ThingB"
    ModelWithUnion:
      type: object
      properties:
        stringOrIntProp:
          type: [string, integer]
        thing: {$ref: "#/components/schemas/ThingAOrB"}
        thingOrString:
          oneOf:
            - $ref: "#/components/schemas/ThingA"
            - type: string
    ModelWithRequiredUnion:
      type: object
      properties:
        thing: {$ref: "#/components/schemas/ThingAOrB"}
      required: [thing]
    ModelWithNestedUnion:
      type: object
      properties:
        thingOrValue:
          oneOf:
            - $ref: "#/components/schemas/ThingAOrB"
            - oneOf:
              - type: string
              - type: number
    ModelWithUnionOfOne:
      type: object
      properties:
        thing:
          oneOf:
            - $ref: "#/components/schemas/ThingA"
        requiredThing:
          oneOf:
            - $ref: "#/components/schemas/ThingA"
      required: [requiredThing]
    Cat:
      type: object
      properties:
        kind: {type: string}
        name: {type: string}
      required: [kind]
    Dog:
      type: object
      properties:
        kind: {type: string}
        name: {type: string}
      required: [kind]
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Dog"
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: kind
        mapping:
          dog: "#/components/schemas/Dog"
          cat: "#/components/schemas/Cat"
    ModelWithTaggedUnion:
      type: object
      properties:
        pet: {$ref: "#/components/schemas/Pet"}
        petOrNull:
          oneOf:
            - $ref: "#/components/schemas/Pet"
            - type: "null"
    ModelWithConstTags:
      type: object
      properties:
        shape:
          oneOf:
            - type: object
              properties:
                kind: {const: circle}
                radius: {type: number}
              required: [kind]
            - type: object
              properties:
                kind: {const: square}
                side: {type: number}
              required: [kind]
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with generated_client(tmp_path_factory.mktemp("unions"), DOCUMENT, name="opc_unions") as c:
        yield c


def test_list_of_types(client: Client) -> None:
    model = client.model("ModelWithUnion")
    client.round_trip(model, {"stringOrIntProp": "a"}, model(stringOrIntProp="a"))
    client.round_trip(model, {"stringOrIntProp": 1}, model(stringOrIntProp=1))
    assert client.decode(model, {"stringOrIntProp": "1"}).stringOrIntProp == "1"


def test_members_told_apart_by_their_required_members(client: Client) -> None:
    model, a, b = (client.model(n) for n in ("ModelWithUnion", "ThingA", "ThingB"))
    client.round_trip(model, {"thing": {"propA": "x"}}, model(thing=a(propA="x")))
    client.round_trip(model, {"thing": {"propB": "x"}}, model(thing=b(propB="x")))
    assert type(client.decode(model, {"thing": {"propB": "x"}}).thing) is b


def test_object_or_scalar(client: Client) -> None:
    model, a = client.model("ModelWithUnion"), client.model("ThingA")
    client.round_trip(model, {"thingOrString": {"propA": "x"}}, model(thingOrString=a(propA="x")))
    client.round_trip(model, {"thingOrString": "x"}, model(thingOrString="x"))


def test_nested_union(client: Client) -> None:
    model, a = client.model("ModelWithNestedUnion"), client.model("ThingA")
    client.round_trip(model, {"thingOrValue": {"propA": "x"}}, model(thingOrValue=a(propA="x")))
    client.round_trip(model, {"thingOrValue": 3.5}, model(thingOrValue=3.5))
    client.round_trip(model, {"thingOrValue": "x"}, model(thingOrValue="x"))


def test_union_of_one_member_is_that_member(client: Client) -> None:
    model, a = client.model("ModelWithUnionOfOne"), client.model("ThingA")
    client.round_trip(
        model,
        {"thing": {"propA": "x"}, "requiredThing": {"propA": "y"}},
        model(thing=a(propA="x"), requiredThing=a(propA="y")),
    )


def test_members_told_apart_by_const_values(client: Client) -> None:
    model = client.model("ModelWithConstTags")
    circle = client.decode(model, {"shape": {"kind": "circle", "radius": 1}}).shape
    square = client.decode(model, {"shape": {"kind": "square", "side": 2}}).shape
    assert (circle.kind, circle.radius) == ("circle", 1)
    assert (square.kind, square.side) == ("square", 2)
    assert type(circle) is not type(square)


@pytest.mark.parametrize("prop", ["pet", "petOrNull"])
def test_members_told_apart_by_a_discriminator(client: Client, prop: str) -> None:
    """Dog and Cat accept the same data: the discriminator's value decides, also where the
    union may be null (``oneOf: [Pet, null]``)."""
    model, cat, dog = (client.model(n) for n in ("ModelWithTaggedUnion", "Cat", "Dog"))
    client.round_trip(model, {prop: {"kind": "cat"}}, model(**{prop: cat(kind="cat")}))
    assert type(getattr(client.decode(model, {prop: {"kind": "dog"}}), prop)) is dog
    assert getattr(client.decode(model, {prop: None}), prop) is None


def test_the_named_union_reads_a_value_on_its_own(client: Client) -> None:
    union, b = client.model("ThingAOrB"), client.model("ThingB")
    assert client.decode(union, {"propB": "x"}).root == b(propB="x")


USAGE = """
from typing import assert_type

from opc_unions.models import ModelWithNestedUnion, ModelWithRequiredUnion, ModelWithUnion
from opc_unions.models import ModelWithUnionOfOne, ThingA, ThingB

m = ModelWithUnion(thing=ThingA(propA="x"), thingOrString="x", stringOrIntProp=1)
assert_type(m.stringOrIntProp, str | int | None)
assert_type(m.thing, ThingA | ThingB | None)
assert_type(m.thingOrString, ThingA | str | None)
r = ModelWithRequiredUnion(thing=ThingB(propB="y"))
assert_type(r.thing, ThingA | ThingB)
n = ModelWithNestedUnion(thingOrValue=2.5)
assert_type(n.thingOrValue, ThingA | ThingB | str | float | None)
o = ModelWithUnionOfOne(requiredThing=ThingA(propA="x"))
assert_type(o.thing, ThingA | None)
assert_type(o.requiredThing, ThingA)
"""


def test_type_hints(client: Client, mypy_cache: Path) -> None:
    clean, output = type_check(client.outcome, USAGE, mypy_cache)
    assert clean, output
