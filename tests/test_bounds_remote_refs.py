"""Remote ``$ref``s: never fetched by default; with ``--allow-remote-refs`` fetched and inlined.

A local HTTP server on 127.0.0.1 counts every request it gets.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from generator.cli import main
from generator.spec import remote_refs
from generator.spec.load import Limits, parse_document
from generator.spec.remote_refs import RemoteRefSettings, inline_remote_refs

SCHEMAS = {
    "Pet": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "owner": {"$ref": "#/Owner"}},
    },
    "Owner": {"type": "object", "properties": {"email": {"type": "string"}}},
    "Node": {"type": "object", "properties": {"next": {"$ref": "#/Node"}}},
    "Alias": {"$ref": "#/Pet"},
}


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        if self.path == "/schemas.json":
            self._send(200, json.dumps(SCHEMAS).encode())
        elif self.path == "/big.json":
            self._send(200, b'{"X": {"type": "string", "description": "' + b"x" * 5000 + b'"}}')
        elif self.path == "/slow.json":
            # The client gives up first (its timeout is shorter): answer only a client that is
            # still there, instead of writing into a closed connection.
            if not _client_left_within(self.connection, 1.5):
                self._send(200, b"{}")
        elif self.path == "/redirect.json":
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.end_headers()
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _client_left_within(connection: socket.socket, seconds: float) -> bool:
    """Whether the client closed its side within ``seconds`` (its request was read whole)."""
    readable, _, _ = select.select([connection], [], [], seconds)
    return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() waits for every handler: none outlives its test


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    requests: ClassVar[list[str]] = []
    handler = type("Handler", (_Handler,), {"requests": requests})
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _fetching_stays_off() -> Iterator[None]:
    yield
    remote_refs.SETTINGS.allowed = False


def _response(ref: str) -> dict[str, Any]:
    return {
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": ref}}},
            }
        }
    }


def _document(base: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "remote", "version": "1"},
        "paths": {
            "/pets": {"get": {"operationId": "getPet", **_response(f"{base}/schemas.json#/Pet")}},
            "/alias": {
                "get": {"operationId": "getAlias", **_response(f"{base}/schemas.json#/Alias")}
            },
            "/nodes": {
                "get": {"operationId": "getNode", **_response(f"{base}/schemas.json#/Node")}
            },
            "/missing": {
                "get": {"operationId": "getMissing", **_response(f"{base}/missing.json#/X")}
            },
            "/redirect": {
                "get": {"operationId": "getRedirect", **_response(f"{base}/redirect.json#/X")}
            },
            "/file": {"get": {"operationId": "getFile", **_response("file:///etc/hostname#/x")}},
            "/relative": {"get": {"operationId": "getRelative", **_response("other.yaml#/Foo")}},
        },
    }


def _write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    spec = tmp_path / "remote.json"
    spec.write_text(json.dumps(doc))
    return spec


def _manifest(out: Path) -> dict[str, Any]:
    return json.loads(next(out.glob("*/manifest.json")).read_text())


def _returns(manifest: dict[str, Any]) -> dict[str, str]:
    return {op["operation_id"]: op["returns"] for op in manifest["operations"]}


def test_remote_refs_are_never_fetched_by_default(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, requests = server
    spec = _write(tmp_path, _document(base))
    assert main(["validate", str(spec)]) in (0, 1)
    assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 0
    assert requests == []
    manifest = _manifest(tmp_path / "out")
    assert set(_returns(manifest).values()) == {"Any"}
    remote = [o for o in manifest["omitted"] if o["code"] == "remote-ref"]
    assert len(remote) == 7
    assert all("--allow-remote-refs" in o["message"] for o in remote)


def test_allowed_remote_refs_are_fetched_once_and_inlined(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, requests = server
    spec = _write(tmp_path, _document(base))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out), "--allow-remote-refs"]) == 0
    # one request per remote document; file:// and relative references are never fetched
    assert sorted(requests) == ["/missing.json", "/redirect.json", "/schemas.json"]
    returns = _returns(_manifest(out))
    assert returns["getPet"] != "Any" and returns["getAlias"] != "Any"
    assert returns["getNode"] != "Any"
    for unfetched in ("getMissing", "getRedirect", "getFile", "getRelative"):
        assert returns[unfetched] == "Any"
    models = (next(out.glob("*/models.py"))).read_text()
    assert "email: str | None" in models  # Owner, reached through the fetched Pet
    codes = [o["code"] for o in _manifest(out)["omitted"]]
    assert codes.count("remote-ref") == 5  # the 4 unfetched + Node's inner self-reference


def test_the_flag_does_not_carry_over_to_the_next_command(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, requests = server
    spec = _write(tmp_path, _document(base))
    assert main(["validate", str(spec), "--allow-remote-refs"]) in (0, 1)
    fetched = len(requests)
    assert fetched == 3
    assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 0
    assert len(requests) == fetched


def test_fetch_limits(server: tuple[str, list[str]]) -> None:
    base, _ = server
    doc = {
        "a": {"$ref": f"{base}/big.json#/X"},
        "b": {"$ref": f"{base}/slow.json#/X"},
        "c": {"$ref": f"{base}/redirect.json#/X"},
        "d": {"$ref": "ftp://127.0.0.1/x.json#/X"},
    }
    settings = RemoteRefSettings(allowed=True, max_bytes=1000, timeout=0.5)
    started = time.monotonic()
    inlined, notes = inline_remote_refs(doc, limits=Limits(), settings=settings)
    assert time.monotonic() - started < 5
    messages = {n.pointer: n.message for n in notes}
    assert "more than 1,000 bytes" in messages["/a"]
    assert "timed out" in messages["/b"]
    assert "redirect" in messages["/c"].lower()
    assert "/d" not in messages  # not http(s): not even tried
    assert inlined["d"] == {"$ref": "ftp://127.0.0.1/x.json#/X"}
    assert all(n.code == "remote-ref-failed" for n in notes)


def test_remote_cycles_stop(server: tuple[str, list[str]]) -> None:
    base, requests = server
    doc = {"n": {"$ref": f"{base}/schemas.json#/Node"}}
    loaded = parse_document(json.dumps(doc).encode(), "x.json", allow_remote_refs=True)
    assert loaded.data["n"]["properties"]["next"] == {"$ref": f"{base}/schemas.json#/Node"}
    assert [n.code for n in loaded.notes] == ["remote-ref-cycle"]
    assert requests == ["/schemas.json"]
