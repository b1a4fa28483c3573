"""The generated clients' runtime against a real misbehaving server (tests/support/fault_server.py).

A small API document (below) is generated into a package with the real pipeline and imported;
every scenario runs with ``Client`` and ``AsyncClient``. Retries, timeouts and errors are
checked by attempt counts and by the delays the server measured between attempts (with
generous margins, bounded both ways).
"""

from __future__ import annotations

import asyncio
import email.policy
import email.utils
import inspect
import json
import logging
import re
import subprocess
import sys
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from pathlib import Path
from typing import Any, cast

import pydantic
import pytest

from tests.support.fault_server import Delay, FaultServer, Received, Reply, Reset, echo
from tests.support.generated import GeneratedClient, Mode, Package, generate_package, imported

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) + b"IEND\xaeB`\x82"
KEY = "sk-items-secret-0123456789"

ITEMS_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "items", "version": "1.0"},
    "servers": [
        {
            "url": "https://abc123defg.execute-api.us-east-1.amazonaws.com/{basePath}",
            "variables": {"basePath": {"default": "prod"}},
        }
    ],
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "tag",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
                "security": [{"api_key": []}],
            },
            "post": {
                "operationId": "createItem",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}
                        },
                    },
                    "400": {
                        "description": "bad",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
                "security": [{"api_key": []}],
            },
        },
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
                    },
                    "404": {
                        "description": "missing",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
                "security": [{"api_key": []}],
            },
            "delete": {
                "operationId": "deleteItem",
                "parameters": [
                    {"name": "itemId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "gone"}},
                "security": [{"api_key": []}],
            },
        },
        "/images/{name}": {
            "put": {
                "operationId": "putImage",
                "parameters": [
                    {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
                },
                "responses": {
                    "200": {
                        "description": "stored",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            },
            "get": {
                "operationId": "getImage",
                "parameters": [
                    {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "the image",
                        "content": {
                            "image/png": {"schema": {"type": "string", "format": "binary"}}
                        },
                    }
                },
            },
        },
        "/blobs": {
            "post": {
                "operationId": "echoBlob",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "the same bytes",
                        "content": {
                            "application/octet-stream": {
                                "schema": {"type": "string", "format": "binary"}
                            }
                        },
                    }
                },
            }
        },
        "/uploads": {
            "post": {
                "operationId": "upload",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "description": {"type": "string"},
                                    "file": {"type": "string", "format": "binary"},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "NewItem": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "note": {"type": "string"}},
            },
            "Item": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "note": {"type": "string"},
                },
            },
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        },
        "securitySchemes": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
    },
}


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def items_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    return generate_package(tmp_path_factory.mktemp("items"), "items", ITEMS_DOCUMENT)


@pytest.fixture(scope="module")
def items(items_project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "items"): items_project}) as packages:
        yield packages[cast(Any, "items")]


@pytest.fixture(autouse=True)
def _no_client_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for suffix in ("BASE_URL", "API_KEY", "TOKEN", "LOG"):
        monkeypatch.delenv(f"ITEMS_CLIENT_{suffix}", raising=False)


def items_handler(request: Received) -> Reply:
    """A well-behaved stand-in of the items API under ``/prod``."""
    path = request.path.removeprefix("/prod")
    if request.method == "GET" and path.startswith("/items/"):
        return Reply(200, {"id": path.rsplit("/", 1)[1], "name": "widget"})
    if request.method == "POST" and path == "/items":
        return Reply(201, {"id": "new-1", "name": json.loads(request.body)["name"]})
    if request.method == "DELETE":
        return Reply(204)
    if request.method == "GET" and path.startswith("/images/"):
        return Reply(200, PNG, {"Content-Type": "image/png"})
    if request.method == "PUT" and path.startswith("/images/"):
        return Reply(200, {"stored": len(request.body)})
    if path == "/blobs":
        return Reply(200, request.body, {"Content-Type": "application/octet-stream"})
    return echo(request)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(items_handler) as srv:
        yield srv


@asynccontextmanager
async def connect(package: Package, mode: Mode, **options: Any) -> AsyncIterator[Any]:
    options.setdefault("api_key", KEY)
    options.setdefault("timeout", 10.0)
    if mode == "sync":
        with package.module.Client(**options) as client:
            yield client
    else:
        async with package.module.AsyncClient(**options) as client:
            yield client


async def invoke(method: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a generated method of Client or AsyncClient."""
    result = method(**kwargs)
    if inspect.isawaitable(result):
        return await result
    return result


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(cast(Any, scenario()))


def base(server: FaultServer) -> str:
    return server.url("/prod")


# ----------------------------------------------------------------------------- retries


def test_429_with_retry_after_seconds_waits_that_long(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    m = items.models

    async def scenario() -> None:
        server.enqueue(
            Reply(
                429,
                {"message": "Too Many Requests"},
                {"Retry-After": "1", "x-amzn-ErrorType": "TooManyRequestsException"},
            )
        )
        async with connect(items, mode, base_url=base(server)) as client:
            started = time.monotonic()
            item = await invoke(client.items.get, item_id="i-1")
            elapsed = time.monotonic() - started
        assert isinstance(item, m.Item) and item.id == "i-1"
        assert len(server.requests) == 2
        (gap,) = server.gaps()
        assert 0.95 <= gap <= 1.8, gap
        assert elapsed < 3.0

    run(scenario)


def test_retry_after_as_http_date(items: Package, server: FaultServer, mode: Mode) -> None:
    async def scenario() -> None:
        when = datetime.now(UTC) + timedelta(seconds=2)
        server.enqueue(
            Reply(
                503,
                {"message": "Service Unavailable"},
                {"Retry-After": email.utils.format_datetime(when, usegmt=True)},
            )
        )
        async with connect(items, mode, base_url=base(server)) as client:
            await invoke(client.items.get, item_id="i-1")
        assert len(server.requests) == 2
        (gap,) = server.gaps()
        assert 0.9 <= gap <= 2.8, gap  # the date has whole seconds: between 1 and 2 s

    run(scenario)


def test_503_then_success_backs_off_exponentially(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    async def scenario() -> None:
        server.enqueue(Reply(503, {"message": "Service Unavailable"}), Reply(502))
        async with connect(items, mode, base_url=base(server)) as client:
            raw = await invoke(client.items.with_raw_response.get, item_id="i-2")
        assert raw.status_code == 200 and raw.retries_taken == 2
        assert raw.parse().id == "i-2"
        assert len(server.requests) == 3
        first, second = server.gaps()
        assert 0.35 <= first <= 1.0, first  # 0.5 s minus up to 25 % jitter
        assert 0.7 <= second <= 1.6, second  # 1 s minus up to 25 % jitter

    run(scenario)


def test_retries_stop_after_max_retries(items: Package, server: FaultServer, mode: Mode) -> None:
    api = items.module

    async def scenario() -> None:
        server.enqueue(*[Reply(503, {"message": "Service Unavailable"})] * 3)
        async with connect(items, mode, base_url=base(server)) as client:
            started = time.monotonic()
            with pytest.raises(api.InternalServerError) as info:
                await invoke(client.items.get, item_id="i-1")
            assert time.monotonic() - started < 3.0
            assert info.value.status_code == 503
            assert len(server.requests) == 3  # the default: 2 retries

            server.enqueue(*[Reply(504, {"message": "Endpoint request timed out"})] * 2)
            with pytest.raises(api.InternalServerError):
                await invoke(client.items.get, item_id="i-1", max_retries=1)
            assert len(server.requests) == 5

            server.enqueue(Reply(503))
            with pytest.raises(api.InternalServerError):
                await invoke(client.items.get, item_id="i-1", max_retries=0)
            assert len(server.requests) == 6

        server.enqueue(Reply(503))
        async with connect(items, mode, base_url=base(server), max_retries=0) as client:
            with pytest.raises(api.InternalServerError):
                await invoke(client.items.get, item_id="i-1")
        assert len(server.requests) == 7

    run(scenario)


def test_connection_resets_are_retried_for_idempotent_requests(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    api, m = items.module, items.models

    async def scenario() -> None:
        server.enqueue(Reset(), Reset())
        async with connect(items, mode, base_url=base(server)) as client:
            item = await invoke(client.items.get, item_id="i-3")
            assert isinstance(item, m.Item)
            assert len(server.requests) == 3
            assert all(r.path == "/prod/items/i-3" for r in server.requests)

            # POST is not retried by default ...
            server.enqueue(Reset())
            with pytest.raises(api.APIConnectionError) as info:
                await invoke(client.items.create, body=m.NewItem(name="a"))
            assert not isinstance(info.value, api.APITimeoutError)
            assert len(server.requests) == 4

            # ... unless the call says it is safe to repeat.
            server.enqueue(Reset())
            created = await invoke(client.items.create, body=m.NewItem(name="b"), idempotent=True)
            assert created.name == "b"
            assert len(server.requests) == 6

            server.enqueue(Reset(), Reset(), Reset())
            with pytest.raises(api.APIConnectionError):
                await invoke(client.items.get, item_id="i-3")
            assert len(server.requests) == 9

    run(scenario)


def test_slow_responses_raise_api_timeout_error(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    api, m = items.module, items.models

    async def scenario() -> None:
        server.enqueue(Delay(2.0), Delay(2.0))
        async with connect(items, mode, base_url=base(server), timeout=0.3, max_retries=1) as c:
            started = time.monotonic()
            with pytest.raises(api.APITimeoutError) as info:
                await invoke(c.items.get, item_id="slow")
            elapsed = time.monotonic() - started
            assert isinstance(info.value, api.APIConnectionError)
            assert len(server.requests) == 2  # retried once
            assert 0.6 <= elapsed < 2.0, elapsed  # two 0.3 s timeouts and one backoff

            server.enqueue(Delay(2.0))
            started = time.monotonic()
            with pytest.raises(api.APITimeoutError):
                await invoke(c.items.create, body=m.NewItem(name="x"))
            assert time.monotonic() - started < 1.2
            assert len(server.requests) == 3  # POST: not retried

        async with connect(items, mode, base_url=base(server), timeout=10.0) as client:
            server.enqueue(Delay(2.0))
            started = time.monotonic()
            with pytest.raises(api.APITimeoutError):
                await invoke(client.items.get, item_id="slow", timeout=0.3, max_retries=0)
            assert time.monotonic() - started < 1.2
            assert len(server.requests) == 4
            item = await invoke(client.items.get, item_id="fast", timeout=5.0)
            assert item.id == "fast"

    run(scenario)


def test_default_timeout_is_api_gateways_limit(items: Package) -> None:
    with items.module.Client(base_url="http://127.0.0.1:9") as client:
        timeout = client._config.timeout
        assert (timeout.read, timeout.connect) == (29.0, 5.0)
        assert client._config.max_retries == 2


def test_post_is_retried_only_when_allowed(items: Package, server: FaultServer, mode: Mode) -> None:
    api, m = items.module, items.models

    async def scenario() -> None:
        async with connect(items, mode, base_url=base(server)) as client:
            server.enqueue(Reply(503))
            with pytest.raises(api.InternalServerError):
                await invoke(client.items.create, body=m.NewItem(name="a"))
            assert len(server.requests) == 1

            server.enqueue(Reply(503))
            created = await invoke(client.items.create, body=m.NewItem(name="a"), idempotent=True)
            assert created.name == "a" and len(server.requests) == 3
            assert server.requests[1].json == server.requests[2].json == {"name": "a"}

            # idempotent=False turns retries off for a GET
            server.enqueue(Reply(503))
            with pytest.raises(api.InternalServerError):
                await invoke(client.items.get, item_id="x", idempotent=False)
            assert len(server.requests) == 4

            # and per client: retry_non_idempotent
            retrying = client.with_options(retry_non_idempotent=True)
            server.enqueue(Reply(429, {"message": "Too Many Requests"}, {"Retry-After": "0"}))
            created = await invoke(retrying.items.create, body=m.NewItem(name="c"))
            assert created.name == "c" and len(server.requests) == 6

        async with connect(items, mode, base_url=base(server), retry_non_idempotent=True) as client:
            server.enqueue(Reply(502))
            await invoke(client.items.create, body=m.NewItem(name="d"))
            assert len(server.requests) == 8

    run(scenario)


def test_quota_exceeded_is_not_retried_but_throttling_is(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    api = items.module

    async def scenario() -> None:
        async with connect(items, mode, base_url=base(server)) as client:
            server.enqueue(Reply(429, {"message": "Limit Exceeded"}))
            with pytest.raises(api.RateLimitError) as quota:
                await invoke(client.items.get, item_id="x")
            assert len(server.requests) == 1
            assert quota.value.quota_exceeded and not quota.value.throttled
            assert "quota" in str(quota.value)

            throttled = Reply(
                429,
                {"message": "Too Many Requests"},
                {"x-amzn-ErrorType": "TooManyRequestsException", "Retry-After": "0"},
            )
            server.enqueue(throttled, throttled, throttled)
            with pytest.raises(api.RateLimitError) as throttle:
                await invoke(client.items.get, item_id="x")
            assert len(server.requests) == 4
            assert throttle.value.throttled and not throttle.value.quota_exceeded
            assert throttle.value.error_type == "TooManyRequestsException"
            assert throttle.value.retry_after == 0.0

    run(scenario)


def test_a_retry_after_beyond_the_cap_is_not_waited_for(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    api = items.module

    async def scenario() -> None:
        server.enqueue(Reply(503, {"message": "Service Unavailable"}, {"Retry-After": "3600"}))
        async with connect(items, mode, base_url=base(server)) as client:
            started = time.monotonic()
            with pytest.raises(api.InternalServerError) as info:
                await invoke(client.items.get, item_id="x")
            assert time.monotonic() - started < 1.0
        assert len(server.requests) == 1
        assert info.value.retry_after == 3600.0

    run(scenario)


def test_backoff_delays_are_bounded(items: Package) -> None:
    runtime = sys.modules["items_client._retry"]
    delays = [runtime.retry_delay(attempt, None) for attempt in range(1, 12) for _ in range(20)]
    assert all(0.375 <= d <= runtime.MAX_RETRY_DELAY for d in delays)
    assert max(runtime.retry_delay(10, None) for _ in range(50)) <= 8.0
    assert min(runtime.retry_delay(10, None) for _ in range(50)) >= 6.0


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (418, "APIStatusError"),
    ],
)
def test_status_codes_raise_typed_errors(
    items: Package, server: FaultServer, status: int, name: str
) -> None:
    api = items.module
    server.enqueue(Reply(status, {"message": f"status {status}"}))
    with (
        api.Client(base_url=base(server), api_key=KEY, max_retries=0) as client,
        pytest.raises(api.APIStatusError) as info,
    ):
        client.items.get(item_id="x")
    assert type(info.value) is getattr(api, name)
    assert isinstance(info.value, api.APIError)
    assert info.value.status_code == status
    assert str(info.value).startswith(f"{status} status {status}")
    assert info.value.request_id and info.value.request_id.startswith("req-")


def test_missing_authentication_token_says_what_it_means(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    api = items.module

    async def scenario() -> None:
        server.enqueue(
            Reply(
                403,
                {"message": "Missing Authentication Token"},
                {"x-amzn-ErrorType": "MissingAuthenticationTokenException"},
            ),
            Reply(403, {"message": "Forbidden"}, {"x-amzn-ErrorType": "ForbiddenException"}),
        )
        async with connect(items, mode, base_url=base(server)) as client:
            with pytest.raises(api.PermissionDeniedError) as info:
                await invoke(client.items.delete, item_id="no-such")
            err = info.value
            assert err.missing_authentication_token
            assert err.error_type == "MissingAuthenticationTokenException"
            assert "DELETE /prod/items/no-such" in str(err)
            assert "stage" in str(err) and "unsigned" in str(err)

            with pytest.raises(api.PermissionDeniedError) as forbidden:
                await invoke(client.items.get, item_id="x")
            assert not forbidden.value.missing_authentication_token
            assert forbidden.value.error_type == "ForbiddenException"
            assert "API key" in str(forbidden.value)

    run(scenario)


def test_error_bodies_and_error_types(items: Package, server: FaultServer, mode: Mode) -> None:
    api, m = items.module, items.models

    async def scenario() -> None:
        server.enqueue(
            Reply(404, {"message": "item not found"}),
            Reply(
                403,
                {"__type": "com.amazon.coral.service#AccessDeniedException", "Message": "no"},
            ),
            Reply(500, "<html>boom</html>", {"Content-Type": "text/html"}),
            Reply(
                400,
                {"message": "Invalid request body"},
                {"x-amzn-ErrorType": "BadRequestException:http://internal.amazon.com/coral/"},
            ),
        )
        async with connect(items, mode, base_url=base(server), max_retries=0) as client:
            with pytest.raises(api.NotFoundError) as missing:
                await invoke(client.items.get, item_id="x")
            assert isinstance(missing.value.body, m.Error)  # the documented error model
            assert missing.value.body.message == "item not found"
            assert missing.value.error_type is None

            with pytest.raises(api.PermissionDeniedError) as denied:
                await invoke(client.items.get, item_id="x")
            assert denied.value.error_type == "AccessDeniedException"
            assert str(denied.value).startswith("403 no (AccessDeniedException)")

            with pytest.raises(api.InternalServerError) as crashed:
                await invoke(client.items.get, item_id="x")
            assert crashed.value.body == "<html>boom</html>"
            assert str(crashed.value).startswith("500 Internal Server Error")

            with pytest.raises(api.BadRequestError) as bad:
                await invoke(client.items.create, body=m.NewItem(name="x"))
            assert bad.value.error_type == "BadRequestException"
            assert isinstance(bad.value.body, m.Error)

    run(scenario)


def test_secrets_stay_out_of_errors_reprs_and_logs(
    items: Package, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    api = items.module
    server.enqueue(Reply(403, {"message": "Forbidden"}, {"x-amzn-ErrorType": "ForbiddenException"}))
    with api.Client(base_url=base(server), api_key=KEY, token=lambda: "tok-SECRET") as client:
        texts = [repr(client), str(client), repr(client._config)]
        with pytest.raises(api.PermissionDeniedError) as info:
            client.items.get(item_id="x")
    assert server.last.headers["x-api-key"] == KEY
    err = info.value
    texts += [str(err), repr(err), repr(err.args), "".join(traceback.format_exception(err))]
    for text in texts:
        assert KEY not in text and "tok-SECRET" not in text, text
    manifest = (Path(api.__file__).parent / "manifest.json").read_text()
    assert KEY not in manifest
    assert KEY not in capsys.readouterr().err


# ----------------------------------------------------------------------------- options


def test_with_options_makes_a_changed_copy_sharing_the_pool(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    api = items.module

    async def scenario() -> None:
        async with connect(
            items, mode, base_url=base(server), headers={"X-A": "1"}, api_key="key-1"
        ) as client:
            other = client.with_options(
                api_key="key-2", headers={"X-B": "2"}, timeout=0.3, max_retries=0
            )
            assert type(other) is type(client)
            assert other._http is client._http
            assert other.base_url == client.base_url

            await invoke(other.items.get, item_id="x")
            headers = server.last.headers
            assert (headers["x-api-key"], headers["x-a"], headers["x-b"]) == ("key-2", "1", "2")

            await invoke(client.items.get, item_id="x")
            headers = server.last.headers
            assert headers["x-api-key"] == "key-1" and "x-b" not in headers

            server.enqueue(Delay(1.5))
            with pytest.raises(api.APITimeoutError):
                await invoke(other.items.get, item_id="slow")
            assert len(server.requests) == 3  # timeout 0.3 s and no retries in the copy

            without_key = other.with_options(api_key=None)
            await invoke(without_key.items.get, item_id="x")
            assert "x-api-key" not in server.last.headers

            await invoke(other.close)  # a copy does not own the pool
            assert not client._http.is_closed
            await invoke(client.items.get, item_id="x")

    run(scenario)


def test_stage_switching(items: Package, server: FaultServer) -> None:
    api = items.module
    default = "https://abc123defg.execute-api.us-east-1.amazonaws.com/prod"
    with api.Client() as client:
        assert (client.base_url, client.stage) == (default, "prod")
        dev = client.with_options(stage="dev")
        assert (dev.base_url, dev.stage) == (default.removesuffix("prod") + "dev", "dev")
        assert client.base_url == default
        local = client.with_options(base_url=base(server) + "/")
        assert (local.base_url, local.stage) == (base(server), None)
        with pytest.raises(ValueError, match="base_url"):
            local.with_options(stage="dev")
    with api.Client(stage="beta") as client:
        assert client.base_url.endswith("/beta") and client.stage == "beta"

    async def scenario() -> None:
        async with api.AsyncClient() as client:
            assert client.with_options(stage="v2").base_url.endswith("/v2")

    run(scenario)


def test_raw_responses(items: Package, server: FaultServer, mode: Mode) -> None:
    api, m = items.module, items.models

    async def scenario() -> None:
        async with connect(items, mode, base_url=base(server)) as client:
            raw = await invoke(client.items.with_raw_response.get, item_id="r-1")
            assert isinstance(raw, api.RawResponse)
            assert raw.status_code == 200 and raw.retries_taken == 0
            assert raw.headers["content-type"] == "application/json"
            assert raw.request_id == raw.headers["x-amzn-RequestId"]
            assert raw.json() == {"id": "r-1", "name": "widget"}
            item = raw.parse()
            assert isinstance(item, m.Item) and item.id == "r-1"
            assert raw.parse() is item
            assert "r-1" in repr(raw) and KEY not in repr(raw)

            deleted = await invoke(client.items.with_raw_response.delete, item_id="r-1")
            assert deleted.status_code == 204 and deleted.parse() is None

            server.enqueue(Reply(404, {"message": "item not found"}))
            with pytest.raises(api.NotFoundError):
                await invoke(client.items.with_raw_response.get, item_id="r-2")

            # the plain methods still parse afterwards
            plain = await invoke(client.items.get, item_id="r-3")
            assert isinstance(plain, m.Item)
            assert client.items.with_raw_response is client.items.with_raw_response

    run(scenario)


def test_extra_headers_extra_query_and_query_encoding(
    items: Package, server: FaultServer, mode: Mode
) -> None:
    async def scenario() -> None:
        async with connect(items, mode, base_url=base(server), headers={"X-A": "1"}) as client:
            await invoke(
                client.items.list,
                q="a b+c/ä~*&=",
                tag=["x", "y z"],
                extra_headers={"X-Trace-Id": "t-1", "X-A": "override"},
                extra_query={"debug": "1", "multi": ["p", "q"]},
            )
            received = server.last
            assert received.raw_query == (
                "q=a%20b%2Bc%2F%C3%A4~%2A%26%3D&tag=x&tag=y%20z&debug=1&multi=p&multi=q"
            )
            assert received.query == {
                "q": ["a b+c/ä~*&="],
                "tag": ["x", "y z"],
                "debug": ["1"],
                "multi": ["p", "q"],
            }
            assert received.headers["x-trace-id"] == "t-1"
            assert received.headers["x-a"] == "override"
            assert received.headers["user-agent"] == "items-client/0.1.0 (python; sdkgen)"
            assert received.headers["accept"] == "application/json"

    run(scenario)


def test_environment_variables_are_defaults(
    items: Package, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = items.module
    monkeypatch.setenv("ITEMS_CLIENT_BASE_URL", base(server))
    monkeypatch.setenv("ITEMS_CLIENT_API_KEY", "env-key")
    with api.Client() as client:
        assert client.base_url == base(server)
        client.items.get(item_id="x")
    assert server.last.headers["x-api-key"] == "env-key"
    with api.Client(api_key="arg-key") as client:
        client.items.get(item_id="x")
    assert server.last.headers["x-api-key"] == "arg-key"


def test_logging_is_switched_on_by_environment_variable(
    items: Package,
    server: FaultServer,
    mode: Mode,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    logger = logging.getLogger("items_client")

    async def scenario(level: str) -> str:
        monkeypatch.setenv("ITEMS_CLIENT_LOG", level)
        server.enqueue(Reply(503, {"message": "Service Unavailable"}, {"Retry-After": "0"}))
        async with connect(items, mode, base_url=base(server), token="tok-SECRET") as client:
            await invoke(
                client.items.get,
                item_id="l-1",
                extra_query={"token": "query-SECRET", "page": "2"},
                extra_headers={"Authorization": "Bearer hdr-SECRET"},
            )
        return capsys.readouterr().err

    try:
        capsys.readouterr()
        info = asyncio.run(scenario("info"))
        lines = info.splitlines()
        url = f"{base(server)}/items/l-1?token=<redacted>&page=2"
        assert any(f"GET {url} -> 503 in " in line for line in lines), info
        assert any("retrying GET /prod/items/l-1 in 0.00s after status 503" in ln for ln in lines)
        assert any(f"GET {url} -> 200 in " in ln and "(retry 1)" in ln for ln in lines), info
        assert all(" INFO " in line for line in lines)
        assert "headers" not in info

        debug = asyncio.run(scenario("debug"))
        assert " DEBUG " in debug and "'x-api-key': '<redacted>'" in debug
        assert "'authorization': '<redacted>'" in debug
        for text in (info, debug):
            assert KEY not in text and "SECRET" not in text, text
    finally:
        logger.setLevel(logging.NOTSET)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)


# ----------------------------------------------------------------------------- bodies


def test_binary_bodies_in_and_out(items: Package, server: FaultServer, mode: Mode) -> None:
    async def scenario() -> None:
        async with connect(items, mode, base_url=base(server)) as client:
            stored = await invoke(client.images.put, name="cat 1.png", body=PNG)
            assert stored == {"stored": len(PNG)}
            received = server.last
            assert (received.method, received.path) == ("PUT", "/prod/images/cat%201.png")
            assert received.body == PNG
            assert received.headers["content-type"] == "image/png"

            image = await invoke(client.images.get, name="cat 1.png")
            assert isinstance(image, bytes) and image == PNG
            assert server.last.headers["accept"] == "image/png"

            blob = bytes(range(256)) * 4
            echoed = await invoke(client.blobs.echo, body=blob)
            assert echoed == blob
            assert server.last.body == blob
            assert server.last.headers["content-type"] == "application/octet-stream"
            assert server.last.headers["accept"] == "application/octet-stream"

    run(scenario)


def _multipart_parts(received: Received) -> list[tuple[str, str | None, str, bytes]]:
    """(name, filename, content type, content) of each part the server received."""
    head = f"Content-Type: {received.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + received.body)
    assert message.is_multipart()
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        parts.append((name, part.get_filename(), part.get_content_type(), payload))
    return parts


def test_multipart_uploads(items: Package, server: FaultServer, mode: Mode) -> None:
    m = items.models

    async def scenario() -> None:
        async with connect(items, mode, base_url=base(server)) as client:
            await invoke(
                client.uploads.upload,
                body={
                    "description": "a cat",
                    "file": ("cat.png", PNG, "image/png"),
                    "tags": ["x", "y z"],
                },
            )
            received = server.last
            assert received.headers["content-type"].startswith("multipart/form-data; boundary=")
            assert _multipart_parts(received) == [
                ("description", None, "text/plain", b"a cat"),
                ("file", "cat.png", "image/png", PNG),
                ("tags", None, "text/plain", b"x"),
                ("tags", None, "text/plain", b"y z"),
            ]

            await invoke(client.uploads.upload, body=m.UploadRequest(file=PNG, extra="more"))
            assert _multipart_parts(server.last) == [
                ("file", "file", "application/octet-stream", PNG),
                ("extra", None, "text/plain", b"more"),
            ]

    run(scenario)


def test_no_type_adapter_is_built_per_call(
    items: Package, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[object] = []
    original = pydantic.TypeAdapter

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(args[0] if args else None)
        return original(*args, **kwargs)

    with items.module.Client(base_url=base(server), api_key=KEY) as client:
        client.items.get(item_id="warm-up")
        client.items.list(q="warm-up")
        monkeypatch.setattr(pydantic, "TypeAdapter", counting)
        for i in range(3):
            client.items.get(item_id=f"i-{i}")
            client.items.list(q=str(i))
            client.items.create(body={"name": "n"})  # type: ignore[arg-type]
    assert built.count(dict) <= 1  # the dict body's adapter, once
    assert len(built) <= 1


# ----------------------------------------------------------------------------- the package


def test_importing_a_client_imports_neither_botocore_nor_its_resources(
    items_project: GeneratedClient,
) -> None:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(items_project.project_dir)!r})\n"
        "import items_client\n"
        "client = items_client.Client(api_key='k')\n"
        "assert not any(m.startswith('botocore') for m in sys.modules), 'botocore imported'\n"
        "assert 'items_client.resources.items' not in sys.modules\n"
        "client.items\n"
        "assert 'items_client.resources.items' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_pyproject_depends_only_on_httpx_and_pydantic(items_project: GeneratedClient) -> None:
    text = (items_project.project_dir / "pyproject.toml").read_text("utf-8")
    dependencies = re.search(r"dependencies = \[(.*?)\]", text, re.S)
    assert dependencies is not None
    assert "httpx" in dependencies.group(1) and "pydantic" in dependencies.group(1)
    assert "botocore" not in text


def readme_snippets(readme: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme, re.S)


def test_readme_documents_every_feature_with_valid_snippets(
    items_project: GeneratedClient,
) -> None:
    readme = (items_project.project_dir / "README.md").read_text("utf-8")
    for heading in (
        "## Authentication",
        "## Async",
        "## Errors",
        "## Retries",
        "## Timeouts",
        "## Options per client and per call",
        "## Raw responses",
        "## Logging",
        "## Binary bodies",
        "## Multipart uploads",
    ):
        assert heading in readme, heading
    for needle in (
        "with_raw_response",
        "with_options(",
        "ITEMS_CLIENT_LOG=info",
        "retry_non_idempotent=True",
        "idempotent=True",
        "missing_authentication_token",
        "quota_exceeded",
        "timeout=",
        '("photo.png", data, "image/png")',
    ):
        assert needle in readme, needle
    snippets = readme_snippets(readme)
    assert len(snippets) >= 10
    for snippet in snippets:
        compile(snippet, "README.md", "exec")
