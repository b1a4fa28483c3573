"""Generated clients send only what the operation declares, and every failure is typed,
bounded and secret-free (against a real local server: tests/support/fault_server.py).

One document (below) exercises parameter styles, form bodies, nullable values, ignored header
parameters, hostile path values, response validation, deadlines, size limits and logging.
"""

from __future__ import annotations

import asyncio
import gzip
import inspect
import json
import logging
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

import httpx
import pytest

from tests.support.fault_server import FaultServer, Reply
from tests.support.generated import GeneratedClient, Mode, Package, generate_package, imported

KEY = "sk-wire-secret-0123456789"
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _q(name: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **extra}


STRINGS = {"type": "array", "items": {"type": "string"}}
OBJECT = {
    "type": "object",
    "properties": {"color": {"type": "string"}, "size": {"type": "integer"}},
}

WIRE_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "wire", "version": "1.0"},
    "servers": [{"url": "https://abc123defg.execute-api.us-east-1.amazonaws.com/prod"}],
    "paths": {
        "/items/{itemId}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "itemId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}
                        },
                    }
                },
            },
            "delete": {
                "operationId": "deleteItem",
                "parameters": [
                    {"name": "itemId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "gone"}},
            },
        },
        "/files/{proxy+}": {
            "get": {
                "operationId": "getFile",
                "parameters": [
                    {"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": OK,
            }
        },
        "/styles/{label}/{matrix}": {
            "get": {
                "operationId": "styles",
                "parameters": [
                    {
                        "name": "label",
                        "in": "path",
                        "required": True,
                        "style": "label",
                        "explode": True,
                        "schema": STRINGS,
                    },
                    {
                        "name": "matrix",
                        "in": "path",
                        "required": True,
                        "style": "matrix",
                        "schema": OBJECT,
                    },
                    _q("ids", STRINGS, explode=False),
                    _q("tags", STRINGS),
                    _q("pipes", STRINGS, style="pipeDelimited", explode=False),
                    _q("spaces", STRINGS, style="spaceDelimited", explode=False),
                    _q("filter", OBJECT, style="deepObject", explode=True),
                    _q("flat", OBJECT),
                    _q("when", {"type": "string", "format": "date-time"}),
                    _q("day", {"type": "string", "format": "date"}),
                    _q("maybe", {"type": "string", "nullable": True}),
                    {"name": "X-Tags", "in": "header", "schema": STRINGS},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {
                        "name": "Authorization",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "accept",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "Content-Type", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": OK,
            }
        },
        "/forms": {
            "post": {
                "operationId": "postForm",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "cidr": STRINGS,
                                    "csv": STRINGS,
                                    "meta": OBJECT,
                                    "doc": OBJECT,
                                    "name": {"type": "string"},
                                },
                            },
                            "encoding": {
                                "csv": {"style": "form", "explode": False},
                                "doc": {"contentType": "application/json"},
                            },
                        }
                    },
                },
                "responses": OK,
            }
        },
        "/things": {
            "patch": {
                "operationId": "patchThing",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
                "responses": OK,
            }
        },
        "/keyed": {
            "get": {
                "operationId": "keyed",
                "parameters": [_q("q", {"type": "string"})],
                "responses": OK,
                "security": [{"query_key": []}],
            }
        },
        "/cookie-keyed": {
            "get": {
                "operationId": "cookieKeyed",
                "responses": OK,
                "security": [{"cookie_key": []}],
            }
        },
        "/both": {
            "get": {
                "operationId": "both",
                "responses": OK,
                "security": [{"header_key": [], "token_auth": []}],
            }
        },
        "/props": {
            "get": {
                "operationId": "props",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Protected"}
                            }
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            },
            "Thing": {
                "type": "object",
                "required": ["label"],
                "properties": {
                    "label": {"type": "string", "nullable": True},
                    "note": {"type": "string"},
                },
            },
            "Protected": {
                "type": "object",
                "properties": {
                    "model_dump": {"type": "string"},
                    "model_config": {"type": "string"},
                    "model_validate_json": {"type": "string"},
                    "schema": {"type": "string"},
                },
            },
        },
        "securitySchemes": {
            "query_key": {"type": "apiKey", "name": "key", "in": "query"},
            "cookie_key": {"type": "apiKey", "name": "k", "in": "cookie"},
            "header_key": {"type": "apiKey", "name": "Authorization", "in": "header"},
            "token_auth": {"type": "http", "scheme": "bearer"},
        },
    },
}


@pytest.fixture(scope="module")
def wire_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    return generate_package(tmp_path_factory.mktemp("wire"), "wire", WIRE_DOCUMENT)


@pytest.fixture(scope="module")
def wire(wire_project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "wire"): wire_project}) as packages:
        yield packages[cast(Any, "wire")]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as srv:
        yield srv


def client_for(package: Package, mode: Mode, server: FaultServer, **options: Any) -> Any:
    options.setdefault("base_url", server.url("/prod"))
    options.setdefault("timeout", 10.0)
    options.setdefault("max_retries", 0)
    cls = package.module.Client if mode == "sync" else package.module.AsyncClient
    return cls(**options)


def call(client: Any, resource: str, method: str, **kwargs: Any) -> Any:
    result = getattr(getattr(client, resource), method)(**kwargs)
    if inspect.isawaitable(result):

        async def wait() -> Any:
            try:
                return await result
            finally:
                await client.close()

        return asyncio.run(wait())
    return result


# ----------------------------------------------------------------------- requests go where declared


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("get", {"item_id": ".."}),
        ("get", {"item_id": "."}),
        ("get", {"item_id": ""}),
        ("get", {"item_id": "%2e%2e"}),
        ("get", {"item_id": "a/../b"}),
        ("delete", {"item_id": ".."}),
        ("get", {"proxy": "../../items/secret"}),
        ("get", {"proxy": "a/./b"}),
        ("get", {"proxy": "a/%2E%2E/b"}),
        ("get", {"proxy": ""}),
        ("get", {"proxy": "/etc"}),
    ],
)
def test_path_values_that_would_move_the_request_are_refused(
    wire: Package, server: FaultServer, mode: Mode, method: str, kwargs: dict[str, Any]
) -> None:
    api = wire.module
    resource = wire.operation("GET", "/items/{itemId}").resource
    if "proxy" in kwargs:
        resource = wire.operation("GET", "/files/{proxy+}").resource
    client = client_for(wire, mode, server, api_key=KEY)
    with pytest.raises(api.InvalidRequestError) as info:
        call(client, resource, method, **kwargs)
    assert isinstance(info.value, api.APIError) and isinstance(info.value, ValueError)
    assert server.requests == []


def test_ordinary_path_values_still_go_through_encoded(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    client = client_for(wire, mode, server)
    resource = wire.operation("GET", "/files/{proxy+}").resource
    call(client, resource, "get", proxy="docs/a b/v1.2..3/x.txt")
    assert server.last.path == "/prod/files/docs/a%20b/v1.2..3/x.txt"
    server.enqueue(Reply(200, {"id": "a.b"}))
    item = call(
        client_for(wire, mode, server),
        wire.operation("GET", "/items/{itemId}").resource,
        "get",
        item_id="...",
    )
    assert server.last.path == "/prod/items/..." and item.id == "a.b"


def test_parameter_styles_on_the_wire(wire: Package, server: FaultServer, mode: Mode) -> None:
    import datetime

    op = wire.operation("GET", "/styles/{label}/{matrix}")
    client = client_for(wire, mode, server)
    call(
        client,
        op.resource,
        op.python_name,
        label=["a", "b,c"],
        matrix={"color": "red", "size": 2},
        ids=["x,1", "y"],
        tags=["t 1", "t2"],
        pipes=["p|1", "p2"],
        spaces=["s1", "s2"],
        filter={"color": "blue", "size": 3},
        flat={"color": "green"},
        when=datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC),
        day=datetime.date(2024, 5, 6),
        x_tags=["h1", "h2"],
        session="a; admin=1",
    )
    sent = server.last
    assert sent.path == "/prod/styles/.a.b%2Cc/;matrix=color,red,size,2"
    assert sent.raw_query.split("&") == [
        "ids=x%2C1,y",
        "tags=t%201",
        "tags=t2",
        "pipes=p%7C1|p2",
        "spaces=s1%20s2",
        "filter[color]=blue",
        "filter[size]=3",
        "color=green",
        "when=2024-05-06T07%3A08%3A09%2B00%3A00",
        "day=2024-05-06",
    ]
    assert sent.headers["x-tags"] == "h1,h2"
    assert sent.headers["cookie"] == "session=a%3B%20admin%3D1"
    # Authorization, Accept and Content-Type parameters are not arguments (OpenAPI ignores them)
    params = inspect.signature(getattr(getattr(client, op.resource), op.python_name)).parameters
    assert not {"authorization", "accept", "content_type"} & set(params)
    omitted = {(o["code"], o["pointer"]) for o in wire.generated.manifest["omitted"]}
    assert sum(code == "ignored-header-parameter" for code, _ in omitted) == 3


def test_none_in_lists_is_refused_and_nullable_none_is_sent_empty(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    api = wire.module
    op = wire.operation("GET", "/styles/{label}/{matrix}")
    base = {"label": ["a"], "matrix": {"color": "r"}}
    with pytest.raises(api.InvalidRequestError):
        call(client_for(wire, mode, server), op.resource, op.python_name, tags=["a", None], **base)
    assert server.requests == []
    call(client_for(wire, mode, server), op.resource, op.python_name, maybe=None, **base)
    assert server.last.raw_query == "maybe="
    call(client_for(wire, mode, server), op.resource, op.python_name, **base)
    assert server.last.raw_query == ""  # not given: nothing sent


def test_form_bodies_follow_their_encoding(wire: Package, server: FaultServer, mode: Mode) -> None:
    op = wire.operation("POST", "/forms")
    body = {
        "cidr": ["10.0.0.0/8", "192.168.0.0/16"],
        "csv": ["a,1", "b"],
        "meta": {"color": "red", "size": 1},
        "doc": {"color": "x"},
        "name": "n&m",
    }
    call(client_for(wire, mode, server), op.resource, op.python_name, body=body)
    sent = server.last
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.body.decode().split("&") == [
        "cidr=10.0.0.0%2F8",
        "cidr=192.168.0.0%2F16",
        "csv=a%2C1,b",
        "color=red",
        "size=1",
        "doc=" + "%7B%22color%22%3A%22x%22%7D",
        "name=n%26m",
    ]


def test_json_bodies_send_exactly_the_fields_set(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    op = wire.operation("PATCH", "/things")
    thing = wire.models.Thing(label=None)
    call(client_for(wire, mode, server), op.resource, op.python_name, body=thing)
    assert server.last.json == {"label": None}  # a required nullable property set to None
    call(
        client_for(wire, mode, server),
        op.resource,
        op.python_name,
        body={"label": "x", "note": None},
    )
    assert server.last.json == {"label": "x", "note": None}


def test_a_users_http_client_params_are_merged_not_dropped(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    op = wire.operation("GET", "/keyed")
    http_cls = httpx.Client if mode == "sync" else httpx.AsyncClient
    http = http_cls(params={"team": "blue", "q": "theirs"})
    client = client_for(wire, mode, server, http_client=http, api_key=KEY)
    call(client, op.resource, op.python_name, q="ours")
    query = server.last.query
    assert query == {"team": ["blue"], "q": ["ours"], "key": [KEY]}


@pytest.mark.parametrize("url", ["https://h/prod?x=1", "https://h/prod#frag", "https://h/prod?"])
def test_a_base_url_with_a_query_or_fragment_is_refused(wire: Package, url: str) -> None:
    with pytest.raises(ValueError, match="query string or a fragment"):
        wire.module.Client(base_url=url)


def test_cookie_api_keys_are_encoded(wire: Package, server: FaultServer, mode: Mode) -> None:
    op = wire.operation("GET", "/cookie-keyed")
    call(client_for(wire, mode, server, api_key="k; admin=1"), op.resource, op.python_name)
    assert server.last.headers["cookie"] == "k=k%3B%20admin%3D1"


def test_and_ed_schemes_on_one_header_warn_and_send_the_first(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    op = wire.operation("GET", "/both")
    shadowed = [o for o in wire.generated.manifest["omitted"] if o["code"] == "shadowed-credential"]
    assert len(shadowed) == 1 and "'header_key'" in shadowed[0]["message"]
    call(
        client_for(wire, mode, server, api_key="the-key", token="tok"), op.resource, op.python_name
    )
    assert server.last.headers["authorization"] == "the-key"


# ----------------------------------------------------------------------- typed, bounded failures


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, "<html>oops</html>", {"Content-Type": "text/html"}),
        Reply(200, b"{not json", {"Content-Type": "application/json"}),
        Reply(200, {"name": "no id"}),
        Reply(200, b"", {"Content-Type": "application/json"}),
        Reply(204),
        Reply(200, b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}),
    ],
    ids=["html", "invalid-json", "wrong-shape", "empty", "undeclared-204", "deep"],
)
def test_a_2xx_that_is_not_the_declared_type_raises_a_typed_error(
    wire: Package, server: FaultServer, mode: Mode, reply: Reply
) -> None:
    api = wire.module
    op = wire.operation("GET", "/items/{itemId}")
    server.enqueue(reply)
    with pytest.raises(api.APIResponseValidationError) as info:
        call(client_for(wire, mode, server), op.resource, op.python_name, item_id="i")
    err = info.value
    assert isinstance(err, api.APIError)
    assert err.status_code == reply.status and err.request_id and err.headers is not None


def test_a_bad_content_encoding_is_a_typed_error(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    api = wire.module
    op = wire.operation("GET", "/items/{itemId}")
    server.enqueue(Reply(200, b"not gzip at all", {"Content-Encoding": "gzip"}))
    with pytest.raises(api.APIResponseValidationError, match="Content-Encoding"):
        call(client_for(wire, mode, server), op.resource, op.python_name, item_id="i")


@pytest.mark.parametrize("where", ["api_key", "header", "extra"])
def test_non_ascii_credentials_and_headers_are_typed_errors_without_the_value(
    wire: Package, server: FaultServer, mode: Mode, where: str
) -> None:
    api = wire.module
    secret = "clé-SECRET-\u00e9"
    op = wire.operation("GET", "/both")
    with pytest.raises((api.InvalidRequestError, ValueError)) as info:
        if where == "api_key":
            client = client_for(wire, mode, server, api_key=secret)
        elif where == "header":
            client = client_for(wire, mode, server, headers={"X-Team": secret})
        else:
            client = client_for(wire, mode, server)
        call(client, op.resource, op.python_name, extra_headers={"X-Team": secret})
    text = str(info.value) + repr(info.value) + "".join(traceback.format_exception(info.value))
    assert "SECRET" not in text
    assert server.requests == []


def _drip_server(stop: threading.Event, status_line: bytes) -> tuple[socket.socket, int]:
    """A server that answers headers at once, then one body byte every 0.5 s (for 8 s)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(
                status_line + b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            )
            for _ in range(16):
                if stop.is_set():
                    break
                conn.sendall(b" ")
                time.sleep(0.5)
        except OSError:
            pass
        finally:
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener, int(listener.getsockname()[1])


@pytest.mark.parametrize("own_http_client", [False, True])
def test_a_slow_drip_cannot_outlive_the_timeout(
    wire: Package, mode: Mode, own_http_client: bool
) -> None:
    api = wire.module
    stop = threading.Event()
    listener, port = _drip_server(stop, b"HTTP/1.1 200 OK\r\n")
    try:
        options: dict[str, Any] = {"base_url": f"http://127.0.0.1:{port}/prod", "timeout": 1.5}
        if own_http_client:
            options["http_client"] = httpx.Client() if mode == "sync" else httpx.AsyncClient()
        cls = api.Client if mode == "sync" else api.AsyncClient
        client = cls(max_retries=0, **options)
        op = wire.operation("GET", "/items/{itemId}")
        started = time.monotonic()
        with pytest.raises(api.APITimeoutError):
            call(client, op.resource, op.python_name, item_id="i")
        elapsed = time.monotonic() - started
        # our own pool: the deadline itself; a user's client: at most one read timeout more
        assert elapsed < (2.0 if not own_http_client else 3.6), elapsed
    finally:
        stop.set()
        listener.close()


def test_a_body_beyond_max_response_size_is_refused_while_streaming(
    wire: Package, server: FaultServer, mode: Mode
) -> None:
    api = wire.module
    op = wire.operation("GET", "/items/{itemId}")
    big = json.dumps({"id": "x", "name": "n" * 5000}).encode()
    server.enqueue(Reply(200, big))
    with pytest.raises(api.ResponseTooLargeError) as info:
        call(
            client_for(wire, mode, server, max_response_size=1000),
            op.resource,
            op.python_name,
            item_id="i",
        )
    assert info.value.status_code == 200
    # a compressed body counts decoded (a small gzip bomb)
    server.enqueue(
        Reply(200, gzip.compress(b'{"id":"' + b"a" * 50_000 + b'"}'), {"Content-Encoding": "gzip"})
    )
    with pytest.raises(api.ResponseTooLargeError):
        call(
            client_for(wire, mode, server, max_response_size=10_000),
            op.resource,
            op.python_name,
            item_id="i",
        )
    # with_options changes it; None lifts it
    client = client_for(wire, mode, server, max_response_size=10).with_options(
        max_response_size=None
    )
    server.enqueue(Reply(200, big))
    assert call(client, op.resource, op.python_name, item_id="i").id == "x"


# ----------------------------------------------------------------------- secrets never printed


def test_no_credential_in_any_log_line_with_the_root_logger_at_debug(
    wire: Package, server: FaultServer, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    api = wire.module
    op = wire.operation("GET", "/keyed")
    user = "alice"
    password = "pw-URLSECRET"
    base_url = server.url("/prod").replace("http://", f"http://{user}:{password}@")
    with caplog.at_level(logging.DEBUG):
        client = client_for(wire, mode, server, base_url=base_url, api_key=KEY)
        texts = [repr(client), str(client.base_url)]
        call(client, op.resource, op.python_name, q="x")
        server.enqueue(Reply(500, {"message": "boom"}))
        with pytest.raises(api.InternalServerError) as info:
            call(
                client_for(wire, mode, server, base_url=base_url, api_key=KEY),
                op.resource,
                op.python_name,
            )
    assert server.last.headers["authorization"].startswith("Basic ")  # userinfo became basic auth
    err = info.value
    texts += [str(err), repr(err), repr(err.request), "".join(traceback.format_exception(err))]
    texts += [record.getMessage() for record in caplog.records]
    assert any("HTTP Request" in t for t in texts)  # httpx's own line was captured
    for text in texts:
        assert KEY not in text and password not in text, text


def test_botocore_debug_logs_show_no_session_token(tmp_path: Path) -> None:
    script = """
import logging, sys, io, httpx
stream = io.StringIO()
logging.basicConfig(level=logging.DEBUG, stream=stream)
sys.path.insert(0, sys.argv[1])
import sig_client
def handler(request):
    return httpx.Response(200, json={})
client = sig_client.Client(
    base_url="https://abc.execute-api.eu-west-1.amazonaws.com/prod",
    aws_credentials=("AKIDEXAMPLE", "SECRET-KEY-123", "SESSION-TOKEN-456"),
    http_client=httpx.Client(transport=httpx.MockTransport(handler)),
)
getattr(getattr(client, sys.argv[2]), "signed")()
text = stream.getvalue()
assert "CanonicalRequest" in text, text
print(text)
"""
    document = {
        "openapi": "3.0.1",
        "info": {"title": "sig", "version": "1"},
        "paths": {
            "/signed": {
                "get": {"operationId": "signed", "responses": OK, "security": [{"sigv4": []}]}
            }
        },
        "components": {
            "securitySchemes": {
                "sigv4": {
                    "type": "apiKey",
                    "name": "Authorization",
                    "in": "header",
                    "x-amazon-apigateway-authtype": "awsSigv4",
                }
            }
        },
    }
    project = generate_package(tmp_path, "sig", document)
    resource = project.operation("GET", "/signed").resource
    result = subprocess.run(
        [sys.executable, "-c", script, str(project.project_dir), resource],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for secret in ("SECRET-KEY-123", "SESSION-TOKEN-456"):
        assert secret not in result.stdout + result.stderr


def test_properties_named_like_pydantic_internals_import_without_warnings(
    wire_project: GeneratedClient,
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import wire_client, wire_client.models as m; m.Protected",
        ],
        cwd=wire_project.project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_retry_after_follows_rfc_9110_only(wire: Package) -> None:
    retry = sys.modules["wire_client._retry"]

    def after(value: str) -> float | None:
        request = httpx.Request("GET", "https://h/")
        return cast(Callable[[Any], float | None], retry.retry_after)(
            httpx.Response(503, headers=[(b"Retry-After", value.encode())], request=request)
        )

    assert after("3") == 3.0 and after(" 12 ") == 12.0
    for bad in ("nan", "-1", "1_0", "\u0661\u0662", "1.5", "inf", "1e3", "", "soon"):
        assert after(bad) is None, bad
    assert after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: no wait
    assert unquote("%2e") == "."  # the dot forms the path check decodes
