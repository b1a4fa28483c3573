"""Properties of object models: required and optional, inherited through ``allOf``, every
JSON type, string formats, and named schemas that are only a reference to another.

Required members are checked both ways (a response missing one does not parse); optional
ones are ``None`` when absent. A value that is not an object is refused.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from pathlib import Path

import pydantic
import pytest

from tests.support.inline import Client, generated_client, type_check

DOCUMENT = """
components:
  schemas:
    MyModel:
      type: object
      properties:
        req1: {type: string}
        req2: {type: string}
        opt: {type: string}
      required: [req1, req2]
    DerivedModel:
      allOf:
        - $ref: "#/components/schemas/MyModel"
        - type: object
          properties:
            req3: {type: string}
          required: [req3]
    BasicProperties:
      type: object
      properties:
        booleanProp: {type: boolean}
        stringProp: {type: string}
        numberProp: {type: number}
        intProp: {type: integer}
        anyObjectProp: {$ref: "#/components/schemas/AnyObject"}
        nullProp: {type: "null"}
        anyProp: {}
    AnyObject:
      type: object
    Formats:
      type: object
      properties:
        dateProp: {type: string, format: date}
        dateTimeProp: {type: string, format: date-time}
        uuidProp: {type: string, format: uuid}
        unknownFormatProp: {type: string, format: weird}
    WithReferences:
      type: object
      properties:
        aliasProp: {$ref: "#/components/schemas/Alias"}
    Alias:
      $ref: "#/components/schemas/OtherAlias"
    OtherAlias:
      $ref: "#/components/schemas/Target"
    Target:
      type: object
      properties:
        booleanProp: {type: boolean}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    tmp = tmp_path_factory.mktemp("properties")
    with generated_client(tmp, DOCUMENT, name="opc_properties") as c:
        yield c


def test_required_members(client: Client) -> None:
    mine, derived = client.model("MyModel"), client.model("DerivedModel")
    client.round_trip(mine, {"req1": "a", "req2": "b"}, mine(req1="a", req2="b"))
    client.round_trip(
        derived, {"req1": "a", "req2": "b", "req3": "c"}, derived(req1="a", req2="b", req3="c")
    )
    assert issubclass(derived, mine)


def test_required_and_optional_members(client: Client) -> None:
    mine, derived = client.model("MyModel"), client.model("DerivedModel")
    client.round_trip(
        mine, {"req1": "a", "req2": "b", "opt": "c"}, mine(req1="a", req2="b", opt="c")
    )
    client.round_trip(
        derived,
        {"req1": "a", "req2": "b", "req3": "c", "opt": "d"},
        derived(req1="a", req2="b", req3="c", opt="d"),
    )
    assert client.decode(mine, {"req1": "a", "req2": "b"}).opt is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("MyModel", {"req1": "a"}),
        ("MyModel", {"req2": "b"}),
        ("DerivedModel", {"req1": "a", "req2": "b"}),
    ],
)
def test_a_missing_required_member_is_refused(
    client: Client, name: str, data: dict[str, str]
) -> None:
    with pytest.raises(pydantic.ValidationError, match="Field required"):
        client.decode(client.model(name), data)
    with pytest.raises(pydantic.ValidationError, match="Field required"):
        client.model(name)(**data)


def test_every_json_type(client: Client) -> None:
    model = client.model("BasicProperties")
    data = {
        "booleanProp": True,
        "stringProp": "a",
        "numberProp": 1.5,
        "intProp": 2,
        "anyObjectProp": {"d": 3},
        "nullProp": None,
        "anyProp": "e",
    }
    expected = model(
        booleanProp=True,
        stringProp="a",
        numberProp=1.5,
        intProp=2,
        anyObjectProp={"d": 3},
        nullProp=None,
        anyProp="e",
    )
    client.round_trip(model, data, expected)


@pytest.mark.parametrize("value", [1, "x", [], {}])
def test_a_null_property_takes_only_null(client: Client, value: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        client.decode(client.model("BasicProperties"), {"nullProp": value})


@pytest.mark.parametrize("data", ["a", True, 2, None, ["a"]])
def test_a_value_that_is_not_an_object_is_refused(client: Client, data: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        client.decode(client.model("BasicProperties"), data)


def test_string_formats(client: Client) -> None:
    model = client.model("Formats")
    today = datetime.date(2024, 5, 6)
    client.round_trip(model, {"dateProp": "2024-05-06"}, model(dateProp=today))
    moment = datetime.datetime(
        2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    client.round_trip(
        model, {"dateTimeProp": "2024-05-06T07:08:09+02:00"}, model(dateTimeProp=moment)
    )
    ident = uuid.UUID("07ef8b4d-aa09-4ffa-898d-c710796aff41")
    client.round_trip(model, {"uuidProp": str(ident)}, model(uuidProp=ident))
    client.round_trip(model, {"unknownFormatProp": "whatever"}, model(unknownFormatProp="whatever"))


def test_a_schema_that_is_only_a_reference_is_its_target(client: Client) -> None:
    """``Alias: {$ref: OtherAlias}``, ``OtherAlias: {$ref: Target}``: each is a subclass of
    what it names, so it is built like its target and passes where the target is expected."""
    model, alias, target = (client.model(n) for n in ("WithReferences", "Alias", "Target"))
    assert issubclass(alias, client.model("OtherAlias"))
    assert issubclass(client.model("OtherAlias"), target)
    client.round_trip(
        model, {"aliasProp": {"booleanProp": False}}, model(aliasProp=alias(booleanProp=False))
    )
    assert client.decode(model, {"aliasProp": {"booleanProp": True}}).aliasProp.booleanProp is True


USAGE = """
from datetime import date, datetime
from typing import Any, assert_type
from uuid import UUID

from opc_properties.models import Alias, BasicProperties, DerivedModel, Formats, MyModel, Target
from opc_properties.models import WithReferences

m = MyModel(req1="a", req2="b")
assert_type(m.req1, str)
assert_type(m.opt, str | None)
d = DerivedModel(req1="a", req2="b", req3="c")
assert_type(d.req3, str)
b = BasicProperties()
assert_type(b.booleanProp, bool | None)
assert_type(b.numberProp, float | None)
assert_type(b.intProp, int | None)
assert_type(b.anyObjectProp, dict[str, Any] | None)
assert_type(b.nullProp, None)
assert_type(b.anyProp, Any)
f = Formats()
assert_type(f.dateProp, date | None)
assert_type(f.dateTimeProp, datetime | None)
assert_type(f.uuidProp, UUID | None)
assert_type(f.unknownFormatProp, str | None)
r = WithReferences(aliasProp=Alias(booleanProp=True))
assert_type(r.aliasProp, Alias | None)
target: Target | None = r.aliasProp
"""


def test_type_hints(client: Client, mypy_cache: Path) -> None:
    clean, output = type_check(client.outcome, USAGE, mypy_cache)
    assert clean, output
