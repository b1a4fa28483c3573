"""The headers a generated client sends, now that it merges them with the httpx client's
defaults itself (once per client and ``Accept``) instead of through ``build_request``.

Every request is captured by an ``httpx.MockTransport`` (sync and async): the exact header list
on the wire, which header wins where several set the same name in any case, that the user's
own ``httpx.Client`` keeps its headers, cookies, query parameters, ``base_url`` and subclass
behaviour, and that SigV4 signs the final headers.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

import httpx
import pytest

from tests.support.generated import GeneratedClient, Mode, Package, generate_package, imported
from tests.test_auth import ACCESS_KEY, SECRET_KEY, verify_sigv4

KEY = "sk-fastpath-secret-0123"
BASE = "https://h1i2j3k4l5.execute-api.eu-west-2.amazonaws.com/prod"
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "fastpath", "version": "1.0"},
    "servers": [{"url": BASE}],
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": OK,
                "security": [{"api_key": []}],
            },
            "post": {
                "operationId": "createThing",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": OK,
                "security": [{"api_key": []}],
            },
        },
        "/public": {"get": {"operationId": "getPublic", "responses": OK}},
        "/cookie-auth": {
            "get": {
                "operationId": "getCookieAuth",
                "parameters": [{"name": "session", "in": "cookie", "schema": {"type": "string"}}],
                "responses": OK,
                "security": [{"cookie_key": []}],
            }
        },
        "/signed": {
            "post": {
                "operationId": "postSigned",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": OK,
                "security": [{"sigv4": []}],
            }
        },
    },
    "components": {
        "securitySchemes": {
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "cookie_key": {"type": "apiKey", "name": "auth", "in": "cookie"},
            "sigv4": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "awsSigv4",
            },
        }
    },
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    return generate_package(tmp_path_factory.mktemp("fastpath"), "fastpath", DOCUMENT)


@pytest.fixture(scope="module")
def package(project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "fastpath"): project}) as packages:
        yield packages[cast(Any, "fastpath")]


@pytest.fixture(autouse=True)
def _no_client_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for suffix in ("BASE_URL", "API_KEY", "TOKEN", "LOG"):
        monkeypatch.delenv(f"FASTPATH_CLIENT_{suffix}", raising=False)


class Recorder:
    """A mock transport that keeps every request and answers ``{}``."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200, json={})

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def http(self, mode: Mode, **options: Any) -> httpx.Client | httpx.AsyncClient:
        if mode == "sync":
            return httpx.Client(transport=self.transport, **options)
        return httpx.AsyncClient(transport=self.transport, **options)


def client_for(package: Package, mode: Mode, http: Any, **options: Any) -> Any:
    options.setdefault("base_url", BASE)
    cls = package.module.Client if mode == "sync" else package.module.AsyncClient
    return cls(http_client=http, **options)


def call(client: Any, package: Package, method: str, path: str, **kwargs: Any) -> Any:
    """Call the operation ``method path`` of ``client`` (sync or async) and return its result."""
    operation = package.operation(method, path)
    bound: Callable[..., Any] = getattr(getattr(client, operation.resource), operation.python_name)
    result = bound(**kwargs)
    if inspect.isawaitable(result):

        async def wait() -> Any:
            return await result

        return asyncio.run(wait())
    return result


def sent(request: httpx.Request) -> list[tuple[str, str]]:
    """The headers on the wire: lower-case names, in order, repeats kept."""
    return [(name.lower(), value) for name, value in request.headers.multi_items()]


def user_agent(package: Package) -> str:
    value: str = package.module._client.USER_AGENT
    return value


def test_headers_sent_are_exactly_httpx_defaults_with_ours_over_them(
    package: Package, mode: Mode
) -> None:
    recorder = Recorder()
    client = client_for(package, mode, recorder.http(mode))
    call(client, package, "GET", "/public")
    defaults = dict(recorder.http(mode).headers)
    assert sent(recorder.last) == [
        ("host", "h1i2j3k4l5.execute-api.eu-west-2.amazonaws.com"),
        ("accept-encoding", defaults["accept-encoding"]),
        ("connection", defaults["connection"]),
        ("user-agent", user_agent(package)),
        ("accept", "application/json"),
    ]
    # the same again from the cached merge
    call(client, package, "GET", "/public")
    assert sent(recorder.requests[0]) == sent(recorder.requests[1])


def test_configured_headers_replace_ours_whatever_their_case(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    headers = {"user-agent": "mine/1.0", "ACCEPT": "text/plain", "X-Team": "blue"}
    client = client_for(package, mode, recorder.http(mode), headers=headers)
    call(client, package, "GET", "/public")
    received = sent(recorder.last)
    names = [name for name, _ in received]
    assert len(names) == len(set(names)), received
    assert dict(received)["user-agent"] == "mine/1.0"
    assert dict(received)["accept"] == "text/plain"
    assert dict(received)["x-team"] == "blue"


def test_per_call_headers_replace_everything_else(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    client = client_for(package, mode, recorder.http(mode), api_key=KEY, headers={"X-Team": "blue"})
    call(
        client,
        package,
        "POST",
        "/things",
        body={"a": 1},
        extra_headers={
            "x-team": "red",
            "X-API-KEY": "other-key",
            "USER-AGENT": "call/2",
            "content-type": "application/vnd.thing+json",
            "Connection": "close",
        },
    )
    received = sent(recorder.last)
    names = [name for name, _ in received]
    assert len(names) == len(set(names)), received
    values = dict(received)
    assert values["x-team"] == "red"
    assert values["x-api-key"] == "other-key"
    assert values["user-agent"] == "call/2"
    assert values["content-type"] == "application/vnd.thing+json"
    assert values["connection"] == "close"
    assert recorder.last.content == b'{"a":1}'


def test_parameters_and_credentials_in_headers_and_cookies(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    client = client_for(
        package,
        mode,
        recorder.http(mode),
        api_key=KEY,
        headers={"x-request-id": "configured", "Cookie": "pref=dark"},
    )
    params = {
        package.operation("GET", "/things").python_param(n): v
        for n, v in [("q", "a b"), ("X-Request-Id", "r-1"), ("session", "s 1")]
    }
    call(client, package, "GET", "/things", **params)
    values = dict(sent(recorder.last))
    assert len(sent(recorder.last)) == len(values)
    assert values["x-request-id"] == "r-1"  # the parameter over the configured header
    assert values["x-api-key"] == KEY
    assert values["cookie"] == "session=s%201"  # the cookie parameter over the configured one
    assert recorder.last.url.params["q"] == "a b"

    # a credential in a cookie joins the cookie parameters, or the configured cookie
    session = package.operation("GET", "/cookie-auth").python_param("session")
    keyed = client.with_options(api_key=KEY)
    call(keyed, package, "GET", "/cookie-auth", **{session: "s2"})
    assert dict(sent(recorder.last))["cookie"] == f"session=s2; auth={KEY}"
    call(keyed, package, "GET", "/cookie-auth")
    assert dict(sent(recorder.last))["cookie"] == f"pref=dark; auth={KEY}"


def test_the_http_clients_own_headers_are_used_and_left_alone(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    http = recorder.http(mode, headers={"X-Org": "acme", "User-Agent": "theirs/1"})
    before = list(http.headers.multi_items())
    client = client_for(package, mode, http)
    call(client, package, "GET", "/public")
    values = dict(sent(recorder.last))
    assert values["x-org"] == "acme"
    assert values["user-agent"] == user_agent(package)
    assert list(http.headers.multi_items()) == before  # not stamped with ours

    # their later changes are seen (the merge is redone when the defaults change)
    http.headers["X-Org"] = "globex"
    call(client, package, "GET", "/public")
    assert dict(sent(recorder.last))["x-org"] == "globex"
    http.headers = httpx.Headers({"X-Other": "1"})
    call(client, package, "GET", "/public")
    values = dict(sent(recorder.last))
    assert "x-org" not in values and values["x-other"] == "1"
    http.headers.update({"X-Added": "2"})
    del http.headers["X-Other"]
    call(client, package, "GET", "/public")
    values = dict(sent(recorder.last))
    assert "x-other" not in values and values["x-added"] == "2"


def test_http_clients_with_cookies_params_base_url_or_a_subclass(
    package: Package, mode: Mode
) -> None:
    recorder = Recorder()
    http = recorder.http(mode, cookies={"jar": "1"}, params={"always": "yes"})
    client = client_for(package, mode, http, api_key=KEY)
    call(client, package, "GET", "/things", extra_headers={"X-Extra": "e"})
    request = recorder.last
    values = dict(sent(request))
    assert len(sent(request)) == len(values)
    assert values["cookie"] == "jar=1"
    assert request.url.params["always"] == "yes"
    assert values["user-agent"] == user_agent(package)
    assert values["x-api-key"] == KEY and values["x-extra"] == "e"

    # a relative base URL is joined to the http client's
    http = recorder.http(mode, base_url="https://api.example.com/v1/")
    client = client_for(package, mode, http, base_url="/prod")
    call(client, package, "GET", "/public")
    assert str(recorder.last.url) == "https://api.example.com/v1/prod/public"
    assert dict(sent(recorder.last))["accept"] == "application/json"

    # a subclass's build_request is called
    base = httpx.Client if mode == "sync" else httpx.AsyncClient

    class Stamping(base):  # type: ignore[valid-type,misc]
        def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
            request: httpx.Request = super().build_request(*args, **kwargs)
            request.headers["X-Stamped"] = "1"
            return request

    client = client_for(package, mode, Stamping(transport=recorder.transport))
    call(client, package, "GET", "/public")
    values = dict(sent(recorder.last))
    assert values["x-stamped"] == "1" and values["user-agent"] == user_agent(package)


def test_with_options_headers_stay_with_the_copy(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    client = client_for(package, mode, recorder.http(mode), headers={"X-Team": "blue"})
    copy = client.with_options(headers={"x-team": "red", "X-More": "1"})
    call(copy, package, "GET", "/public")
    values = dict(sent(recorder.last))
    assert values["x-team"] == "red" and values["x-more"] == "1"
    assert len(sent(recorder.last)) == len(values)
    call(client, package, "GET", "/public")
    values = dict(sent(recorder.last))
    assert values["x-team"] == "blue" and "x-more" not in values


def test_timeouts_reach_httpx(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    client = client_for(package, mode, recorder.http(mode), timeout=3.0)
    call(client, package, "GET", "/public")
    assert recorder.last.extensions["timeout"] == httpx.Timeout(3.0).as_dict()
    call(client, package, "GET", "/public", timeout=None)
    assert recorder.last.extensions["timeout"] == httpx.Timeout(None).as_dict()
    call(client, package, "GET", "/public", timeout=httpx.Timeout(1.0, connect=2.0))
    assert recorder.last.extensions["timeout"] == httpx.Timeout(1.0, connect=2.0).as_dict()


def test_each_base_url_and_query_reaches_its_own_url(package: Package, mode: Mode) -> None:
    """An operation without path parameters parses its URL once per base URL: every client
    still sends to its own, and a query still goes with it."""
    recorder = Recorder()
    client = client_for(package, mode, recorder.http(mode))
    bases = [f"https://api{n}.example.com/v{n}" for n in range(12)]  # more than it keeps
    for base in [*bases, *reversed(bases)]:
        call(client.with_options(base_url=base), package, "GET", "/public")
        assert str(recorder.last.url) == f"{base}/public"
    call(client, package, "GET", "/public", extra_query={"page": "2"})
    assert str(recorder.last.url) == f"{BASE}/public?page=2"
    call(client, package, "GET", "/things", q="a b")
    assert str(recorder.last.url) == f"{BASE}/things?q=a%20b"
    call(client, package, "GET", "/things")
    assert str(recorder.last.url) == f"{BASE}/things"
    call(client, package, "GET", "/public")
    assert str(recorder.last.url) == f"{BASE}/public"


def _answering(mode: Mode, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    transport = httpx.MockTransport(handler)
    if mode == "sync":
        return httpx.Client(transport=transport)
    return httpx.AsyncClient(transport=transport)


def test_a_body_the_transport_already_holds_is_still_bounded(package: Package, mode: Mode) -> None:
    """A mock transport hands over bodies already read: nothing is streamed, but
    ``max_response_size`` and the deadline hold as for a streamed body."""
    body = {"text": "x" * 100}
    size = len(httpx.Response(200, json=body).content)
    http = _answering(mode, lambda request: httpx.Response(200, json=body))
    assert call(client_for(package, mode, http, max_response_size=size), package, "GET", "/public")
    small = client_for(package, mode, http, max_response_size=size - 1)
    with pytest.raises(package.module.ResponseTooLargeError):
        call(small, package, "GET", "/public")

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        return httpx.Response(200, json=body)

    late = client_for(package, mode, _answering(mode, slow), timeout=0.1, max_retries=0)
    with pytest.raises(package.module.APITimeoutError):
        call(late, package, "GET", "/public")


def test_sigv4_signs_the_final_headers(package: Package, mode: Mode) -> None:
    recorder = Recorder()
    http = recorder.http(mode, headers={"X-Amz-Client-Meta": "from-the-http-client"})
    client = client_for(
        package,
        mode,
        http,
        aws_credentials=(ACCESS_KEY, SECRET_KEY),
        aws_region="eu-west-2",
        headers={"x-amz-meta-team": "configured"},
    )
    call(
        client,
        package,
        "POST",
        "/signed",
        body={"n": 1},
        extra_headers={"X-Amz-Meta-Call": "per-call", "Content-Type": "application/json"},
    )
    request = recorder.last
    headers = dict(request.headers.items())
    signed = verify_sigv4(
        request.method,
        request.url.raw_path.decode().partition("?")[0],
        request.url.query.decode(),
        headers,
        request.content,
        SECRET_KEY,
    )
    assert {
        "content-type",
        "host",
        "x-amz-client-meta",
        "x-amz-date",
        "x-amz-meta-call",
        "x-amz-meta-team",
    } <= set(signed.signed_headers)
    assert len(sent(request)) == len(headers)


def test_debug_log_shows_the_merged_headers_with_secrets_redacted(
    package: Package, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    client = client_for(package, mode, recorder.http(mode), api_key=KEY)
    with caplog.at_level(logging.DEBUG, logger="fastpath_client"):
        call(client, package, "GET", "/things", extra_headers={"X-Api-Key": KEY + "-2"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "user-agent" in text.lower() and "<redacted>" in text
    assert KEY not in text
