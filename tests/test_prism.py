"""Prism as a local mock server: what it is given, starting and stopping it without leftovers,
and the corpus calls stage end to end (Prism is installed into the cache folder when absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.corpus.calls import CallSettings, run_calls
from generator.pipeline import generate
from generator.prism import Prism, PrismRefused, servable_document
from generator.process_group import group_exists

REPO = Path(__file__).resolve().parents[1]

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Small", "version": "1"},
    "paths": {
        "/things/{thingId}": {
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {
                        "name": "thingId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 5}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"},
                                "example": {"id": "t-1", "size": 3},
                            }
                        },
                    }
                },
            }
        },
        "/files/{proxy+}": {
            "get": {
                "operationId": "getFile",
                "parameters": [
                    {"name": "proxy+", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/nothing": {"delete": {"operationId": "deleteNothing", "responses": {}}},
        "/pages": {
            "get": {
                "operationId": "listPages",
                "parameters": [{"name": "nextToken", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "a page",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Thing"},
                                        },
                                        "nextToken": {"type": "string"},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/notes": {
            "post": {
                "operationId": "createNote",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Note"}}
                    },
                },
                "responses": {"204": {"description": "created"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "size": {"type": "integer"}},
            },
            "Note": {
                "type": "object",
                "required": ["text", "parent"],
                "properties": {
                    "text": {"type": "string"},
                    "parent": {"type": "string", "nullable": True},
                },
            },
        }
    },
}


def test_the_document_is_served_as_written_unless_prism_would_fetch_or_refuse_a_reference() -> None:
    assert servable_document(DOCUMENT, {"normalized": True}) == ("document", None)
    remote = {**DOCUMENT, "x": {"$ref": "https://example.com/other.json#/A"}}
    normalized = {"a": {"$ref": "https://example.com/other.json#/A"}, "b": {"$ref": "#/a"}}
    normalized["c"] = {"$ref": "#/components/schemas/Missing"}
    served, copy = servable_document(remote, normalized)
    assert served == "normalized"
    assert copy == {"a": {}, "b": {"$ref": "#/a"}, "c": {}}


def test_the_normalized_copy_keeps_no_server_url_credential() -> None:
    normalized = {
        "servers": [{"url": "https://user:secret@api.example.com/v1?key=k"}],
        "a": {"$ref": "https://example.com/other.json#/A"},
    }
    served, copy = servable_document(normalized, normalized)
    assert served == "normalized"
    assert copy is not None
    assert "secret" not in json.dumps(copy) and "key=k" not in json.dumps(copy)
    assert copy["servers"] == [{"url": "https://api.example.com/v1"}]
    assert normalized["servers"] == [{"url": "https://user:secret@api.example.com/v1?key=k"}]
    broken = {**DOCUMENT, "x": {"$ref": "#/components/schemas/Missing"}}
    assert servable_document(broken, {})[0] == "normalized"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    return path


@pytest.mark.slow
def test_prism_serves_validates_and_stops_without_leftovers(
    prism: list[str], document: Path
) -> None:
    server = Prism(document)
    with server:
        pid = server.pid
        assert pid is not None and server.base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(f"{server.base_url}/things/t-9")
        assert answer.status_code == 200 and answer.json() == {"id": "t-1", "size": 3}
        rejected = httpx.get(f"{server.base_url}/things/t-9", params={"limit": "many"})
        assert rejected.status_code == 422
        assert rejected.json()["validation"][0]["location"] == ["query", "limit"]
        folders = list(Path(os.environ.get("TMPDIR", "/tmp")).glob("sdkgen-prism-*"))
    assert not server.running and not group_exists(pid)
    assert not any(folder.exists() for folder in folders)
    with Prism(document, dynamic=True, seed="7") as dynamic:
        first = httpx.get(f"{dynamic.base_url}/things/a").json()
        assert isinstance(first["id"], str)


@pytest.mark.slow
def test_a_document_prism_refuses_gives_its_reason(prism: list[str], tmp_path: Path) -> None:
    path = tmp_path / "any.json"
    only_any = {
        "openapi": "3.0.3",
        "info": {"title": "Any", "version": "1"},
        "paths": {
            "/{proxy+}": {
                "x-amazon-apigateway-any-method": {"responses": {"200": {"description": "ok"}}}
            }
        },
    }
    path.write_text(json.dumps(only_any), encoding="utf-8")
    server = Prism(path)
    with pytest.raises(PrismRefused, match="No operations found"):
        server.start()
    assert server.pid is None


@pytest.mark.slow
def test_calls_stage_classifies_every_call(
    prism: list[str], document: Path, tmp_path: Path
) -> None:
    generate(document, tmp_path / "client", name="small-client")
    result = run_calls(document, tmp_path / "client", "small_client", CallSettings(async_count=1))
    assert result["status"] == "called" and result["served"] == "document"
    verdicts = {
        (c["operation"], c["pass"], c["mode"]): (c["kind"], c["cause"]) for c in result["calls"]
    }
    # the body with its required nullable property null: sent again (whatever the client does)
    nulls = verdicts.pop(("POST /notes", "static", "nulls"))
    assert nulls in {("ok", "accepted-typed"), ("client", "wrong-body")}
    assert verdicts == {
        ("POST /notes", "static", "sync"): ("ok", "accepted-typed"),
        ("POST /notes", "dynamic", "sync"): ("ok", "accepted-typed"),
        ("GET /things/{thingId}", "static", "sync"): ("ok", "accepted-typed"),
        ("GET /things/{thingId}", "dynamic", "sync"): ("ok", "accepted-typed"),
        ("GET /things/{thingId}", "static", "async"): ("ok", "accepted-typed"),
        ("GET /files/{proxy+}", "static", "sync"): ("mock", "greedy-path"),
        ("GET /files/{proxy+}", "dynamic", "sync"): ("mock", "greedy-path"),
        ("DELETE /nothing", "static", "sync"): ("mock", "no-response-defined"),
        ("DELETE /nothing", "dynamic", "sync"): ("mock", "no-response-defined"),
        # a paginated operation returns a page: its response and items are checked
        ("GET /pages", "static", "sync"): ("ok", "accepted-typed"),
        ("GET /pages", "dynamic", "sync"): ("ok", "accepted-typed"),
    }
    failure = next(c for c in result["calls"] if c["kind"] == "mock")
    assert failure["call"].startswith("client.files.get(proxy=")
    assert failure["prism"]["status"] == 404 and failure["wire"]["request"].startswith(
        "GET http://127.0.0.1:"
    )
