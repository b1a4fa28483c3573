"""Defaults: of every type, of enums through ``allOf``, and what a client does with them.

A default is what a model holds when the member is left out (built by the caller, or absent
from a response); it is never sent: a request body carries only the members the caller set, and
the server applies its own defaults. A default that is not of its schema's type is not
converted (openapi-python-client reads ``"true"`` as ``True`` and ``"4"`` as ``4``): the
member has no default and the manifest and the warnings say where (``invalid-default``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

import pytest

from tests.support.inline import Client, generated_client

DOCUMENT = """
components:
  schemas:
    MyModel:
      type: object
      properties:
        booleanProp: {type: boolean, default: true}
        stringProp: {type: string, default: "a"}
        numberProp: {type: number, default: 1.5}
        intProp: {type: integer, default: 2}
        dateProp: {type: string, format: date, default: "2024-01-02"}
        dateTimeProp: {type: string, format: date-time, default: "2024-01-02T03:04:05Z"}
        uuidProp: {type: string, format: uuid, default: "07EF8B4D-AA09-4FFA-898D-C710796AFF41"}
        anyPropWithString: {default: "b"}
        anyPropWithInt: {default: 3}
        numberWithIntValue: {type: number, default: 5}
        stringConst: {type: string, const: "always", default: "always"}
        unionWithValidDefaultForType1:
          anyOf: [{type: boolean}, {type: integer}]
          default: true
        unionWithValidDefaultForType2:
          anyOf: [{type: boolean}, {type: integer}]
          default: 3
        booleanWithStringTrue: {type: boolean, default: "true"}
        booleanWithStringFalse: {type: boolean, default: "False"}
        intWithStringValue: {type: integer, default: "4"}
        numberWithStringValue: {type: number, default: "5.5"}
        stringWithNumberValue: {type: string, default: 6}
    MyEnum:
      type: string
      enum: ["a", "b"]
    CaseEnum:
      type: string
      enum: ["a", "A", "b"]
    EnumDefaults:
      type: object
      properties:
        enumProp:
          allOf:
            - $ref: "#/components/schemas/MyEnum"
          default: "a"
        caseEnumProp:
          allOf:
            - $ref: "#/components/schemas/CaseEnum"
          default: "A"
"""
CONVERTED_BY_THE_PEER = [
    "booleanWithStringTrue",
    "booleanWithStringFalse",
    "intWithStringValue",
    "numberWithStringValue",
    "stringWithNumberValue",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    tmp = tmp_path_factory.mktemp("defaults")
    with generated_client(tmp, DOCUMENT, name="opc_defaults") as c:
        yield c


def test_defaults_of_every_type(client: Client) -> None:
    model = client.model("MyModel")
    for instance in (model(), client.decode(model, {})):
        assert (
            instance.booleanProp,
            instance.stringProp,
            instance.numberProp,
            instance.intProp,
            instance.dateProp,
            instance.dateTimeProp,
            instance.uuidProp,
            instance.anyPropWithString,
            instance.anyPropWithInt,
            instance.numberWithIntValue,
            instance.stringConst,
            instance.unionWithValidDefaultForType1,
            instance.unionWithValidDefaultForType2,
        ) == (
            True,
            "a",
            1.5,
            2,
            datetime.date(2024, 1, 2),
            datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
            uuid.UUID("07EF8B4D-AA09-4FFA-898D-C710796AFF41"),
            "b",
            3,
            5,
            "always",
            True,
            3,
        )
        assert instance.unionWithValidDefaultForType1 is True  # not the integer 1


def test_defaults_are_not_sent(client: Client) -> None:
    model = client.model("MyModel")
    assert client.encode(model()) == {}
    assert client.encode(model(intProp=2)) == {"intProp": 2}  # set by the caller: sent


@pytest.mark.parametrize("prop", CONVERTED_BY_THE_PEER)
def test_a_default_of_another_type_is_left_out(client: Client, prop: str) -> None:
    omission = client.outcome.omission_at(f"/components/schemas/MyModel/properties/{prop}/default")
    assert omission["code"] == "invalid-default"
    assert getattr(client.model("MyModel")(), prop) is None


def test_only_those_defaults_are_left_out(client: Client) -> None:
    pointers = [o["pointer"] for o in client.outcome.omitted()]
    assert pointers == [
        f"/components/schemas/MyModel/properties/{p}/default" for p in CONVERTED_BY_THE_PEER
    ]


def test_enum_default_through_all_of(client: Client) -> None:
    model, enum = client.model("EnumDefaults"), client.model("MyEnum")
    assert model().enumProp is enum.A


def test_enum_default_among_values_differing_by_case(client: Client) -> None:
    model, enum = client.model("EnumDefaults"), client.model("CaseEnum")
    assert [(m.name, m.value) for m in enum] == [("A", "a"), ("A_2", "A"), ("B", "b")]
    assert model().caseEnumProp is enum.A_2
