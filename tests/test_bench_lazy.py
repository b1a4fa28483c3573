"""Performance features of generated clients (correctness only): models split into modules
loaded on first use, lazy HTTP pool, and each project formatted once."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.pipeline import generate
from generator.render import package as package_module
from generator.render.model_modules import SPLIT_THRESHOLD, Definition, split_models
from generator.render.models import MODELS_HEADER, import_lines

MODELS = SPLIT_THRESHOLD + 6


def big_document() -> dict[str, Any]:
    """Many models: an enum and a model only one model uses, a shared one, a cycle."""
    schemas: dict[str, Any] = {
        "Shared": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Color": {"type": "string", "enum": ["red", "green"]},
        "Tree": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Forest"}}
            },
        },
        "Forest": {
            "type": "object",
            "properties": {
                "trees": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}
            },
        },
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        # subclasses in other modules than their base, with list defaults (ruff's RUF012)
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        **{
            f"Sub{i}": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "properties": {
                            "tags": {"type": "array", "items": {"type": "string"}, "default": []}
                        },
                    },
                ]
            }
            for i in (1, 2)
        },
    }
    paths: dict[str, Any] = {}
    for i in range(MODELS):
        schemas[f"Item{i}"] = {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "shared": {"$ref": "#/components/schemas/Shared"},
                **({"color": {"$ref": "#/components/schemas/Color"}} if i == 0 else {}),
            },
        }
        paths[f"/items{i}"] = {
            "get": {
                "operationId": f"getItem{i}",
                "tags": ["items"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": f"#/components/schemas/Item{i}"},
                                }
                            }
                        },
                    },
                    "404": {
                        "description": "missing",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        }
    paths["/forest"] = {
        "get": {
            "operationId": "getForest",
            "tags": ["items"],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Forest"}}
                    },
                }
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "big", "version": "1"},
        "servers": [{"url": "https://example.test/prod"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def big_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    spec = root / "big.json"
    spec.write_text(json.dumps(big_document()))
    generate(spec, root / "out", name="big-client")
    return root / "out"


@pytest.fixture
def imported(big_client: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(big_client))
    try:
        yield importlib.import_module("big_client")
    finally:
        sys.path.remove(str(big_client))
        for name in [m for m in sys.modules if m.split(".")[0] == "big_client"]:
            del sys.modules[name]


def loaded() -> set[str]:
    return {m for m in sys.modules if m.split(".")[0] == "big_client"}


def test_a_big_api_gets_lazy_models_a_stub_and_text_types(big_client: Path) -> None:
    package = big_client / "big_client"
    assert (package / "models.pyi").is_file() and (package / "_models").is_dir()
    modules = {p.name for p in (package / "_models").glob("m_*.py")}
    # Color is used by Item0 alone: it lives with it; Tree and Forest form one cycle
    assert any("Color" in (package / "_models" / m).read_text() for m in modules)
    assert len(modules) <= len(big_document()["components"]["schemas"]) - 2
    resource = (package / "resources" / "items.py").read_text()
    assert '"200": Lazy(lambda: list[_models.Item0])' in resource
    assert "if TYPE_CHECKING:" in resource.split("__all__")[0]
    stub = (package / "models.pyi").read_text()
    assert "from ._models." in stub and '"Item0",' in stub


def test_models_load_on_first_use_and_work_as_before(imported: ModuleType) -> None:
    runtime = {p.stem for p in (Path(imported.__file__).parent).glob("_*.py")} - {"_client"}
    assert loaded() - {f"big_client.{m}" for m in runtime} == {"big_client", "big_client._client"}
    from big_client import models  # type: ignore[import-not-found]

    assert not any(".m_" in m for m in loaded()), "the facade imports no model"
    item = models.Item0(name="a", color="red")
    assert item.color == models.Color.RED
    assert {m for m in loaded() if "._models." in m} == {
        f"big_client._models.{type(item).__module__.rsplit('.', 1)[1]}",
        f"big_client._models.{models.Shared.__module__.rsplit('.', 1)[1]}",
    }
    assert models.Tree.__module__ == models.Forest.__module__
    forest = models.Forest.model_validate({"trees": [{"children": [{"trees": []}]}]})
    assert forest.trees[0].children[0].trees == []
    assert "Item5" in dir(models) and "Item5" in models.__all__
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018
    from big_client.models import Item3  # type: ignore[import-not-found]

    assert Item3 is models.Item3


def test_a_call_loads_only_its_models_sync_and_async(imported: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/items7"):
            return httpx.Response(200, json=[{"name": "x", "shared": {"id": "1"}}])
        return httpx.Response(404, json={"message": "nope"})

    transport = httpx.MockTransport(handler)
    client = imported.Client(http_client=httpx.Client(transport=transport))
    items = client.items.get_7()
    assert items[0].name == "x" and items[0].shared.id == "1"
    models_loaded = {m.rsplit(".", 1)[1] for m in loaded() if "._models." in m}
    assert len(models_loaded) == 2, models_loaded  # Item7's module and Shared's
    with pytest.raises(imported.NotFoundError) as raised:
        client.items.get_3()
    assert raised.value.body.message == "nope"

    async def scenario() -> Any:
        async with imported.AsyncClient(http_client=httpx.AsyncClient(transport=transport)) as c:
            return await c.items.get_7()

    assert asyncio.run(scenario())[0].name == "x"


def test_the_http_pool_is_created_on_first_use(imported: ModuleType) -> None:
    client = imported.Client()
    assert client._http_client is None
    http = client._http
    assert isinstance(http, httpx.Client) and client._http is http
    copy = client.with_options(timeout=1.0)
    assert copy._http is http
    client.close()
    assert http.is_closed
    imported.Client().close()  # never used: nothing to close


def _class(name: str, refers: set[str] | None = None, uses: set[str] | None = None) -> Definition:
    text = f"class {name}(BaseModel):\n    x: int"
    return Definition(name, text, refers or set(), frozenset(uses or {"BaseModel"}))


def test_small_modules_stay_whole() -> None:
    few = [_class(f"M{i}") for i in range(SPLIT_THRESHOLD - 1)]
    assert split_models(few, MODELS_HEADER, import_lines) is None
    many = [_class(f"M{i}") for i in range(SPLIT_THRESHOLD)]
    assert split_models(many, MODELS_HEADER, import_lines) is not None


def test_split_modules_keep_only_the_imports_they_use() -> None:
    classes = [
        _class(f"M{i}", {f"M{i + 1}"}, {"BaseModel", "Field"}) for i in range(SPLIT_THRESHOLD)
    ]
    classes.append(
        Definition(
            f"M{SPLIT_THRESHOLD}", "class X(StrEnum):\n    A = 'a'", set(), frozenset({"StrEnum"})
        )
    )
    classes.append(_class("Alone", set(), {"BaseModel", "datetime"}))
    files = split_models(list(reversed(classes)), MODELS_HEADER, import_lines)
    assert files is not None
    # a chain used once each: one module, holding what the chain uses
    modules = sorted(k for k in files if k.startswith("_models/m_"))
    assert len(modules) == 2
    chain = next(files[m] for m in modules if "class M0(" in files[m])
    assert "from enum import StrEnum" in chain and "from pydantic import Field" in chain
    assert "from .._model_base import BaseModel" in chain and "datetime" not in chain
    assert "from datetime import datetime" in files["_models/m_alone.py"]


def test_typed_extras_keep_their_value_model_importable() -> None:
    # a model whose extra members are typed refers to the value's model like a field does
    classes = [_class(f"M{i}") for i in range(SPLIT_THRESHOLD)]
    classes.append(_class("Value"))
    classes.append(_class("Holder", {"Value"}))
    classes.append(_class("Other", {"Value"}))
    files = split_models(classes, MODELS_HEADER, import_lines)
    assert files is not None
    holder = next(text for text in files.values() if "class Holder" in text)
    assert "class Value" in holder or "import Value" in holder


def test_a_project_is_formatted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    real = package_module.format_python

    def counting(root: Path) -> None:
        calls.append(root)
        real(root)

    monkeypatch.setattr(package_module, "format_python", counting)
    spec = tmp_path / "big.json"
    doc = big_document()
    doc["components"]["schemas"] = {"Error": doc["components"]["schemas"]["Error"]}
    doc["paths"] = {
        "/x": {"get": {"operationId": "getX", "responses": {"204": {"description": "ok"}}}}
    }
    spec.write_text(json.dumps(doc))
    generate(spec, tmp_path / "out")
    assert len(calls) == 1, "compared and written from one formatting"


@pytest.mark.slow
def test_a_split_client_passes_mypy_strict_and_ruff(big_client: Path) -> None:
    import subprocess

    for command in (
        [sys.executable, "-m", "mypy", "--strict", "big_client"],
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
    ):
        result = subprocess.run(command, cwd=big_client, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
