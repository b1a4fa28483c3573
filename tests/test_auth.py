"""Authentication of generated clients, mapped from an AWS-shaped document's security schemes.

SigV4 signatures are checked by an independent verifier written here from the AWS Signature
Version 4 specification (canonical request -> string to sign -> HMAC chain; itself checked
against the AWS test suite's ``get-vanilla`` vectors), on what a real server received: query
strings with spaces, unicode and reserved characters, encoded path segments, JSON and multipart
bodies, session tokens, refreshing credentials, the default credential chain. Tokens for
Cognito, Lambda and JWT authorizers must arrive in the header and form each authorizer reads.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import inspect
import itertools
import json
import re
import subprocess
import sys
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, unquote

import httpx
import pytest
from botocore.credentials import Credentials, RefreshableCredentials

from tests.support.fault_server import FaultServer, Received, Reply, echo
from tests.support.generated import GeneratedClient, Mode, Package, generate_package, imported
from tests.test_runtime import readme_snippets

ACCESS_KEY = "AKIDEXAMPLE0000TEST"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//token+with/odd=chars"
REGION = "eu-west-2"
API_KEY = "sk-auth-secret-4242"
TOKEN = "tok-auth-secret-9999"
OBJECT_RESPONSE = {
    "200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _op(operation_id: str, security: list[dict[str, list[str]]], **extra: Any) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "responses": OBJECT_RESPONSE,
        "security": security,
        **extra,
    }


AUTH_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "authdemo", "version": "1.0"},
    "servers": [
        {
            "url": "https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com/{basePath}",
            "variables": {"basePath": {"default": "prod"}},
        }
    ],
    "paths": {
        "/iam": {
            "get": _op(
                "getIam",
                [{"sigv4": []}],
                parameters=[
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "tag",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
            ),
            "post": _op(
                "postIam",
                [{"sigv4": []}],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            ),
        },
        "/iam/{key}": {
            "get": _op(
                "getIamKey",
                [{"sigv4": []}],
                parameters=[
                    {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
            )
        },
        "/iam-upload": {
            "post": _op(
                "uploadIam",
                [{"sigv4": []}],
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "note": {"type": "string"},
                                    "file": {"type": "string", "format": "binary"},
                                },
                            }
                        }
                    },
                },
            )
        },
        "/iam-or-key": {"get": _op("getIamOrKey", [{"sigv4": []}, {"api_key": []}])},
        "/cognito": {"get": _op("getCognito", [{"cognito": []}])},
        "/custom": {"get": _op("getCustom", [{"custom": []}])},
        "/custom-and-key": {"get": _op("getCustomAndKey", [{"custom": []}, {"api_key": []}])},
        "/jwt": {"get": _op("getJwt", [{"jwt": []}])},
        "/bearer": {"get": _op("getBearer", [{"bearer": []}])},
        "/public": {"get": _op("getPublic", [])},
    },
    "components": {
        "securitySchemes": {
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "sigv4": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "awsSigv4",
            },
            "cognito": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": {
                    "type": "cognito_user_pools",
                    "providerARNs": [
                        "arn:aws:cognito-idp:eu-west-2:123456789012:userpool/eu-west-2_abc"
                    ],
                },
            },
            "custom": {
                "type": "apiKey",
                "name": "X-Custom-Token",
                "in": "header",
                "x-amazon-apigateway-authtype": "custom",
                "x-amazon-apigateway-authorizer": {
                    "type": "token",
                    "authorizerUri": "arn:aws:apigateway:eu-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-2:123456789012:function:auth/invocations",
                    "identitySource": "method.request.header.X-Custom-Token",
                    "authorizerResultTtlInSeconds": 0,
                },
            },
            "jwt": {
                "type": "oauth2",
                "flows": {},
                "x-amazon-apigateway-authorizer": {
                    "type": "jwt",
                    "identitySource": "$request.header.Authorization",
                    "jwtConfiguration": {
                        "issuer": "https://issuer.example.com",
                        "audience": ["demo"],
                    },
                },
            },
            "bearer": {"type": "http", "scheme": "bearer"},
        }
    },
}


# ----------------------------------------------------------------------------- the verifier


@dataclass(frozen=True)
class Signed:
    """What a verified ``Authorization: AWS4-HMAC-SHA256 ...`` header says."""

    access_key: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    canonical_request: str


_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request, SignedHeaders=(?P<signed>[a-z0-9;-]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})"
)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _encode(text: str) -> str:
    """SigV4's UriEncode: everything but A-Z a-z 0-9 - _ . ~ percent-encoded, upper-case hex."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        out.append(
            char if char.isascii() and (char.isalnum() or char in "-_.~") else f"%{byte:02X}"
        )
    return "".join(out)


def verify_sigv4(
    method: str,
    raw_path: str,
    raw_query: str,
    headers: dict[str, str],
    body: bytes,
    secret: str,
    *,
    now: datetime | None = None,
) -> Signed:
    """Check a request's SigV4 signature the way the service does; return what was signed.

    ``raw_path``/``raw_query`` as sent on the wire; ``headers`` with lower-case names.
    """
    match = _AUTHORIZATION.fullmatch(headers["authorization"])
    assert match, headers["authorization"]
    amz_date = headers["x-amz-date"]
    assert re.fullmatch(r"\d{8}T\d{6}Z", amz_date) and amz_date[:8] == match["date"]
    signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((now or datetime.now(UTC)) - signed_at) < timedelta(minutes=5)
    signed = match["signed"].split(";")
    assert signed == sorted(signed) and {"host", "x-amz-date"} <= set(signed)
    # Canonical URI (not S3): each segment of the path as sent is URI-encoded again.
    canonical_uri = "/".join(_encode(segment) for segment in raw_path.split("/")) or "/"
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        name, _, value = part.partition("=")
        pairs.append((_encode(unquote(name)), _encode(unquote(value))))
    canonical_query = "&".join(f"{name}={value}" for name, value in sorted(pairs))
    canonical_headers = "".join(f"{h}:{' '.join(headers[h].split())}\n" for h in signed)
    canonical_request = "\n".join(
        [
            method,
            canonical_uri,
            canonical_query,
            canonical_headers,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{match['date']}/{match['region']}/{match['service']}/aws4_request"
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            amz_date,
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    key = ("AWS4" + secret).encode("utf-8")
    for part in (match["date"], match["region"], match["service"], "aws4_request"):
        key = _hmac(key, part)
    expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, match["signature"]), canonical_request
    return Signed(match["key"], match["region"], match["service"], tuple(signed), canonical_request)


def verify_received(received: Received, secret: str = SECRET_KEY) -> Signed:
    return verify_sigv4(
        received.method,
        received.path,
        received.raw_query,
        received.headers,
        received.body,
        secret,
    )


def test_the_verifier_agrees_with_the_aws_test_suite() -> None:
    """aws-sig-v4-test-suite ``get-vanilla`` and ``get-vanilla-query-order-key-case``."""
    now = datetime(2015, 8, 30, 12, 36, tzinfo=UTC)
    secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    credential = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
    vectors = [
        ("/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        (
            "/",
            "Param2=value2&Param1=value1",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        ),
    ]
    for path, query, signature in vectors:
        headers = {
            "host": "example.amazonaws.com",
            "x-amz-date": "20150830T123600Z",
            "authorization": f"AWS4-HMAC-SHA256 {credential}, SignedHeaders=host;x-amz-date, "
            f"Signature={signature}",
        }
        verify_sigv4("GET", path, query, headers, b"", secret, now=now)
        with pytest.raises(AssertionError):
            verify_sigv4("GET", path, query + "&x=1", headers, b"", secret, now=now)
        with pytest.raises(AssertionError):
            verify_sigv4("GET", path, query, headers, b"", secret + "x", now=now)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def auth_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    return generate_package(tmp_path_factory.mktemp("authdemo"), "authdemo", AUTH_DOCUMENT)


@pytest.fixture(scope="module")
def auth(auth_project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "authdemo"): auth_project}) as packages:
        yield packages[cast(Any, "authdemo")]


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No client variables, and an AWS default chain that finds nothing unless a test says."""
    for suffix in ("BASE_URL", "API_KEY", "TOKEN", "LOG"):
        monkeypatch.delenv(f"AUTHDEMO_CLIENT_{suffix}", raising=False)
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(echo) as srv:
        yield srv


@asynccontextmanager
async def connect(package: Package, mode: Mode, **options: Any) -> AsyncIterator[Any]:
    options.setdefault("timeout", 10.0)
    if mode == "sync":
        with package.module.Client(**options) as client:
            yield client
    else:
        async with package.module.AsyncClient(**options) as client:
            yield client


async def invoke(method: Callable[..., Any], **kwargs: Any) -> Any:
    result = method(**kwargs)
    if inspect.isawaitable(result):
        return await result
    return result


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(cast(Any, scenario()))


def signing(server: FaultServer, **options: Any) -> dict[str, Any]:
    """Client options for signed calls to ``server`` (a 127.0.0.1 host: the region is given)."""
    options.setdefault("aws_credentials", (ACCESS_KEY, SECRET_KEY))
    options.setdefault("aws_region", REGION)
    return {"base_url": server.url("/prod"), **options}


# ----------------------------------------------------------------------------- SigV4


def test_sigv4_signs_exactly_what_is_sent(auth: Package, server: FaultServer, mode: Mode) -> None:
    async def scenario() -> None:
        async with connect(auth, mode, **signing(server)) as client:
            await invoke(client.iam.get)
            signed = verify_received(server.last)
            assert (signed.access_key, signed.region, signed.service) == (
                ACCESS_KEY,
                REGION,
                "execute-api",
            )
            assert "x-amz-security-token" not in server.last.headers

            # spaces, unicode, reserved characters and repeated keys in the query
            await invoke(
                client.iam.get,
                q="a b+c/d?e=f&g ü €~*'()!",
                tag=["z", "a", "a b"],
                extra_query={"Zeta": "1", "alpha": "", "x y": "ü"},
            )
            received = server.last
            assert received.query["q"] == ["a b+c/d?e=f&g ü €~*'()!"]
            assert received.query["tag"] == ["z", "a", "a b"]
            verify_received(received)

            # a JSON body
            await invoke(client.iam.post, body={"name": "ü", "n": [1, 2], "s": "a b"})
            received = server.last
            assert json.loads(received.body) == {"name": "ü", "n": [1, 2], "s": "a b"}
            signed = verify_received(received)
            assert "content-type" in signed.signed_headers

            # an encoded path segment (canonical URI encodes it once more)
            await invoke(client.iam.get_key, key="a b/ü%")
            assert server.last.path == "/prod/iam/a%20b%2F%C3%BC%25"
            signed = verify_received(server.last)
            assert "/prod/iam/a%2520b%252F%25C3%25BC%2525\n" in signed.canonical_request

            # a multipart body: signed as the bytes that went out
            await invoke(
                client.iam_upload.upload_iam,
                body={"note": "hello", "file": ("a.bin", b"\x00\x01\xff", "application/x-bin")},
            )
            received = server.last
            assert received.headers["content-type"].startswith("multipart/form-data")
            assert b"\x00\x01\xff" in received.body
            verify_received(received)

            # extra headers do not break the signature
            await invoke(client.iam.get, extra_headers={"X-Trace": "spaced   out  value"})
            verify_received(server.last)

    run(scenario)


def test_sigv4_session_tokens_and_signature_mismatch(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    async def scenario() -> None:
        credentials = (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)
        async with connect(auth, mode, **signing(server, aws_credentials=credentials)) as client:
            await invoke(client.iam.get, q="x")
            received = server.last
            assert received.headers["x-amz-security-token"] == SESSION_TOKEN
            signed = verify_received(received)
            assert "x-amz-security-token" in signed.signed_headers
            with pytest.raises(AssertionError):
                verify_received(received, secret="not-the-secret")
            with pytest.raises(AssertionError):
                verify_sigv4(
                    received.method,
                    received.path,
                    received.raw_query + "&injected=1",
                    received.headers,
                    received.body,
                    SECRET_KEY,
                )

            # botocore credentials objects are taken as they are
            other = client.with_options(aws_credentials=Credentials("AKIDOTHER", "other-secret"))
            await invoke(other.iam.get)
            assert verify_received(server.last, "other-secret").access_key == "AKIDOTHER"
            await invoke(client.iam.get)
            assert verify_received(server.last).access_key == ACCESS_KEY

    run(scenario)


def test_sigv4_refreshable_credentials_are_frozen_per_request(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    counter = itertools.count(1)

    def refresh() -> dict[str, str]:
        n = next(counter)
        return {
            "access_key": f"AKIDREFRESH{n}",
            "secret_key": f"secret-{n}",
            "token": f"token-{n}",
            # inside botocore's mandatory refresh window: every use refreshes
            "expiry_time": (datetime.now(UTC) + timedelta(minutes=1)).isoformat(),
        }

    credentials = RefreshableCredentials.create_from_metadata(
        metadata=refresh(), refresh_using=refresh, method="test"
    )

    async def scenario() -> None:
        async with connect(auth, mode, **signing(server, aws_credentials=credentials)) as c:
            await invoke(c.iam.get)
            await invoke(c.iam.get)
        first, second = server.requests
        signed_first = verify_received(first, secret="secret-2")
        signed_second = verify_received(second, secret="secret-3")
        assert (signed_first.access_key, first.headers["x-amz-security-token"]) == (
            "AKIDREFRESH2",
            "token-2",
        )
        assert (signed_second.access_key, second.headers["x-amz-security-token"]) == (
            "AKIDREFRESH3",
            "token-3",
        )

    run(scenario)


def test_sigv4_default_credential_chain(
    auth: Package, server: FaultServer, monkeypatch: pytest.MonkeyPatch, mode: Mode
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "env-token")
    monkeypatch.setenv("AWS_REGION", "ap-southeast-2")

    async def scenario() -> None:
        async with connect(auth, mode, base_url=server.url("/prod")) as client:
            await invoke(client.iam.get)
        received = server.last
        signed = verify_received(received, secret="env-secret")
        assert (signed.access_key, signed.region) == ("AKIDFROMENV", "ap-southeast-2")
        assert received.headers["x-amz-security-token"] == "env-token"

    run(scenario)


def test_sigv4_without_credentials_fails_before_sending(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    api = auth.module

    async def scenario() -> None:
        async with connect(auth, mode, base_url=server.url("/prod"), aws_region=REGION) as c:
            with pytest.raises(api.APIError, match="AWS credentials") as info:
                await invoke(c.iam.get)
            assert not isinstance(info.value, api.APIStatusError)
            assert server.requests == []
            # with an API key as the other alternative, the call goes out unsigned
            await invoke(c.iam_or_key.get)
            assert "authorization" not in server.last.headers

    run(scenario)


def test_sigv4_region_comes_from_the_execute_api_host(auth: Package, mode: Mode) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(200, json={})

    async def ahandler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    async def scenario() -> None:
        http: Any = (
            httpx.Client(transport=httpx.MockTransport(handler))
            if mode == "sync"
            else httpx.AsyncClient(transport=httpx.MockTransport(ahandler))
        )
        async with connect(
            auth, mode, aws_credentials=(ACCESS_KEY, SECRET_KEY), http_client=http
        ) as client:
            assert client.base_url == "https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com/prod"
            await invoke(client.iam.get, q="a b")
            await invoke(client.with_options(aws_region="us-west-1").iam.get)
        if mode == "sync":
            http.close()
        else:
            await http.aclose()
        regions = []
        for request in seen:
            raw_path, _, raw_query = request.url.raw_path.decode().partition("?")
            headers = {k.lower(): v for k, v in request.headers.items()}
            signed = verify_sigv4(
                request.method, raw_path, raw_query, headers, request.content, SECRET_KEY
            )
            assert headers["host"] == "a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com"
            regions.append(signed.region)
        assert regions == ["eu-west-2", "us-west-1"]

    run(scenario)


def test_iam_or_api_key_alternatives_send_both(auth: Package, server: FaultServer) -> None:
    with auth.module.Client(**signing(server), api_key=API_KEY) as client:
        client.iam_or_key.get()
    received = server.last
    assert received.headers["x-api-key"] == API_KEY
    verify_received(received)


# ----------------------------------------------------------------------------- tokens


def test_tokens_go_where_each_authorizer_reads_them(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    async def scenario() -> None:
        async with connect(
            auth, mode, base_url=server.url("/prod"), token=TOKEN, api_key=API_KEY
        ) as client:
            await invoke(client.cognito.get)  # Cognito: the raw token
            assert server.last.headers["authorization"] == TOKEN
            assert "x-api-key" not in server.last.headers

            await invoke(client.custom.get)  # Lambda TOKEN authorizer: the raw token
            assert server.last.headers["x-custom-token"] == TOKEN
            assert "authorization" not in server.last.headers

            await invoke(client.jwt.get)  # HTTP API JWT authorizer: Bearer
            assert server.last.headers["authorization"] == f"Bearer {TOKEN}"

            await invoke(client.bearer.get)
            assert server.last.headers["authorization"] == f"Bearer {TOKEN}"

            # "authorizer AND API key" (two requirement objects in the export): both are sent
            await invoke(client.custom_and_key.get)
            assert server.last.headers["x-custom-token"] == TOKEN
            assert server.last.headers["x-api-key"] == API_KEY

            await invoke(client.public.get)
            assert not {"authorization", "x-custom-token", "x-api-key"} & set(server.last.headers)

            prefixed = client.with_options(token=f"Bearer {TOKEN}")
            await invoke(prefixed.jwt.get)  # not "Bearer Bearer ..."
            assert server.last.headers["authorization"] == f"Bearer {TOKEN}"

            anonymous = client.with_options(token=None, api_key=None)
            await invoke(anonymous.custom_and_key.get)
            assert not {"x-custom-token", "x-api-key"} & set(server.last.headers)

    run(scenario)


def test_token_callables_are_called_per_request(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    issued = itertools.count(1)

    def token() -> str:
        return f"tok-{next(issued)}"

    async def scenario() -> None:
        server.enqueue(Reply(503, {"message": "Service Unavailable"}, {"Retry-After": "0"}))
        async with connect(auth, mode, base_url=server.url("/prod"), token=token) as client:
            await invoke(client.cognito.get)  # retried once: a fresh token each time
            await invoke(client.jwt.get)
        assert [r.headers["authorization"] for r in server.requests] == [
            "tok-1",
            "tok-2",
            "Bearer tok-3",
        ]

    run(scenario)


def test_token_from_the_environment(
    auth: Package, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTHDEMO_CLIENT_TOKEN", "env-token")
    monkeypatch.setenv("AUTHDEMO_CLIENT_BASE_URL", server.url("/prod"))
    with auth.module.Client() as client:
        client.custom.get()
    assert server.last.headers["x-custom-token"] == "env-token"


def test_credentials_never_show_in_errors_or_reprs(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    api = auth.module
    session = (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)

    async def scenario() -> None:
        server.enqueue(
            Reply(401, {"message": "Unauthorized"}),
            Reply(403, {"message": "Forbidden"}, {"x-amzn-ErrorType": "ForbiddenException"}),
            Reply(
                403,
                {"message": "The request signature we calculated does not match"},
                {"x-amzn-ErrorType": "InvalidSignatureException"},
            ),
        )
        async with connect(
            auth, mode, **signing(server, aws_credentials=session), token=TOKEN, api_key=API_KEY
        ) as client:
            errors: list[Exception] = []
            for method in (client.custom.get, client.custom_and_key.get):
                with pytest.raises(api.APIStatusError) as info:
                    await invoke(method)
                errors.append(info.value)
            with pytest.raises(api.PermissionDeniedError) as signature:
                await invoke(client.iam.get)
            errors.append(signature.value)
            texts = [repr(client), repr(client._config), repr(client._config.signer)]
        assert isinstance(errors[0], api.AuthenticationError)
        assert "authorizer" in str(errors[0])
        assert "signature" in str(errors[2]) and "region" in str(errors[2])
        sent_authorization = server.last.headers["authorization"]
        for err in errors:
            texts += [str(err), repr(err), "".join(traceback.format_exception(err))]
        for text in texts:
            for secret in (API_KEY, TOKEN, SECRET_KEY, SESSION_TOKEN, sent_authorization):
                assert secret not in text, text

    run(scenario)


def test_a_token_httpx_cannot_send_does_not_leak(
    auth: Package, server: FaultServer, mode: Mode
) -> None:
    api = auth.module
    bad = "tok-LEAK-me\r\nX-Injected: 1"

    async def scenario() -> None:
        async with connect(auth, mode, base_url=server.url("/prod"), token=bad) as client:
            with pytest.raises(api.InvalidRequestError) as info:
                await invoke(client.cognito.get)
        assert server.requests == []  # refused locally, and not retried
        text = str(info.value) + repr(info.value) + "".join(traceback.format_exception(info.value))
        assert "LEAK" not in text, text

    run(scenario)


# ----------------------------------------------------------------------------- the package


def test_only_iam_apis_depend_on_botocore(auth_project: GeneratedClient) -> None:
    text = (auth_project.project_dir / "pyproject.toml").read_text("utf-8")
    dependencies = re.search(r"dependencies = \[(.*?)\]", text, re.S)
    assert dependencies is not None
    assert '"botocore>=1.34"' in dependencies.group(1)
    manifest = json.loads((auth_project.package_dir / "manifest.json").read_text("utf-8"))
    kinds = {s["scheme"]: s["kind"] for s in manifest["security_schemes"]}
    assert kinds == {
        "api_key": "api_key",
        "sigv4": "sigv4",
        "cognito": "cognito",
        "custom": "lambda",
        "jwt": "jwt",
        "bearer": "bearer",
    }
    ops = {op["path"]: op["security"] for op in manifest["operations"]}
    assert ops["/custom-and-key"] == [
        [{"scheme": "custom", "kind": "lambda"}],
        [{"scheme": "api_key", "kind": "api_key"}],
    ]


def test_botocore_is_imported_only_to_sign(auth_project: GeneratedClient) -> None:
    code = f"""
import sys
sys.path.insert(0, {str(auth_project.project_dir)!r})
import httpx
import authdemo_client

def botocore_loaded():
    return any(m == "botocore" or m.startswith("botocore.") for m in sys.modules)

http = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200, json={{}})))
client = authdemo_client.Client(aws_credentials=("AK", "SK"), token="t", http_client=http)
assert not botocore_loaded(), "botocore imported with the package"
client.cognito.get()
client.public.get()
assert not botocore_loaded(), "botocore imported without signing"
client.iam.get()
assert botocore_loaded()
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_readme_documents_authentication(auth_project: GeneratedClient) -> None:
    readme = (auth_project.project_dir / "README.md").read_text("utf-8")
    section = readme.split("## Authentication", 1)[1].split("\n## ", 1)[0]
    for needle in (
        "| `cognito` | Cognito user pool authorizer | `Authorization` header | the raw token |",
        "| `custom` | Lambda authorizer | `X-Custom-Token` header | the raw token |",
        "| `jwt` | JWT authorizer | `Authorization` header | `Bearer <token>` |",
        "aws_credentials=",
        "aws_region=",
        "Signature Version 4",
        "AUTHDEMO_CLIENT_TOKEN",
        "*and* an API key",
    ):
        assert needle in section, needle
    for snippet in readme_snippets(readme):
        compile(snippet, "README.md", "exec")


def test_signing_helpers_unit(auth: Package) -> None:
    runtime = sys.modules["authdemo_client._sigv4"]
    signer = runtime.SigV4Signer(None, None)
    assert signer.region_for("abc123.execute-api.ap-south-1.amazonaws.com") == "ap-south-1"
    assert (
        signer.region_for("abc123-vpce-0123.execute-api.us-gov-west-1.vpce.amazonaws.com")
        == "us-gov-west-1"
    )
    assert runtime.SigV4Signer(None, "eu-north-1").region_for(
        "abc.execute-api.us-east-1.amazonaws.com"
    ) == ("eu-north-1")
    with pytest.raises(runtime.APIError, match="aws_region"):
        signer.region_for("api.example.com")
    assert quote("ü") == "%C3%BC"  # the verifier's encoding assumption
