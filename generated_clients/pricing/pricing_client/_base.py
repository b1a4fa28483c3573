"""Runtime shared by every operation of this client: transport, auth, retries, errors.

Hand-written once in sdkgen and copied unchanged into each generated package.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
import pydantic

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]

log = logging.getLogger(__name__.rsplit(".", 1)[0])

DEFAULT_TIMEOUT = httpx.Timeout(29.0, connect=5.0)  # API Gateway's integration limit is 29 s
DEFAULT_MAX_RETRIES = 2
RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
MAX_RETRY_DELAY = 20.0
INITIAL_RETRY_DELAY = 0.5


class NotGiven:
    """Sentinel for "argument not passed" where ``None`` is a meaningful value."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Timeout = float | httpx.Timeout | None
Token = str | Callable[[], str]
T = TypeVar("T")


# -- errors ----------------------------------------------------------------------------------


class APIError(Exception):
    """Base of every error this client raises."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The request never got a response (DNS, refused connection, reset, TLS)."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.request_id: str | None = response.headers.get("x-amzn-requestid")
        self.error_type: str | None = response.headers.get("x-amzn-errortype")
        self.body = body


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid credentials."""


class PermissionDeniedError(APIStatusError):
    """403: forbidden, invalid API key, or (API Gateway) a path or method that does not exist."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429: throttled ("Too Many Requests") or usage-plan quota used up ("Limit Exceeded")."""

    @property
    def quota_exceeded(self) -> bool:
        return _message_of(self.body) == "Limit Exceeded"


class InternalServerError(APIStatusError):
    """5xx."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _message_of(body: object) -> str | None:
    if isinstance(body, pydantic.BaseModel):
        body = body.model_dump()
    if isinstance(body, Mapping):
        for key in ("message", "Message", "errorMessage"):
            value = body.get(key)
            if isinstance(value, str):
                return value
    return None


# -- what the generated code declares -----------------------------------------------------------


@dataclass(frozen=True)
class SecurityScheme:
    kind: str  # api_key, sigv4, cognito, lambda, jwt, bearer, oauth2, basic
    location: str  # header, query, cookie
    name: str
    prefix: str = ""


@dataclass(frozen=True)
class Param:
    name: str  # wire name
    location: str  # path, query, header, cookie
    explode: bool = True
    greedy: bool = False


@dataclass(frozen=True)
class Operation:
    """Static description of one operation, declared once per method by generated code."""

    method: str
    path: str
    params: tuple[Param, ...] = ()
    body_kind: str | None = None  # json, form, multipart, binary, text
    body_media_type: str | None = None
    success: Mapping[str, Any] = field(default_factory=dict)  # status -> type or None (no body)
    errors: Mapping[str, Any] = field(default_factory=dict)  # status -> type of the error body
    returns_any: bool = False
    security: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client was constructed with; ``with_options`` makes a changed copy."""

    base_url: str
    api_key: str | None
    token: Token | None
    headers: Mapping[str, str]
    timeout: Timeout
    max_retries: int
    user_agent: str
    schemes: Mapping[str, SecurityScheme]

    def __repr__(self) -> str:  # never show credentials
        return f"ClientConfig(base_url={self.base_url!r}, timeout={self.timeout!r})"


def resolve_base_url(
    base_url: str | None,
    stage: str | None,
    env_prefix: str,
    default_url: str | None,
    stage_template: str | None,
) -> str:
    """Explicit ``base_url``; else ``stage`` placed in the document's server URL; else
    ``<PREFIX>_BASE_URL``; else the document's server URL."""
    if base_url is None and stage is not None:
        if stage_template is None:
            raise ValueError(
                "this API's document does not say where the stage goes; pass base_url="
            )
        base_url = stage_template.replace("{stage}", quote(stage, safe=""))
    if base_url is None:
        base_url = os.environ.get(f"{env_prefix}_BASE_URL") or None
    if base_url is None:
        base_url = default_url
    if not base_url:
        raise ValueError(f"no base URL: pass base_url= or set {env_prefix}_BASE_URL")
    return base_url.rstrip("/")


def env_value(env_prefix: str, suffix: str) -> str | None:
    """``<PREFIX>_<SUFFIX>`` from the environment, empty meaning unset."""
    return os.environ.get(f"{env_prefix}_{suffix}") or None


# -- request building ------------------------------------------------------------------------


_type_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    adapter = _type_adapters.get(type_)
    if adapter is None:
        adapter = pydantic.TypeAdapter(type_)
        _type_adapters[type_] = adapter
    return adapter


def _jsonable(value: object) -> Any:
    """JSON-ready data of a request body: fields left unset or set to ``None`` are not sent."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    return pydantic.TypeAdapter(type(value)).dump_python(
        value, mode="json", by_alias=True, exclude_none=True
    )


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pydantic.BaseModel):
        return json.dumps(_jsonable(value), separators=(",", ":"))
    if hasattr(value, "value") and not isinstance(value, (str, bytes)):
        value = value.value  # enums
    return str(value)


@dataclass
class PreparedRequest:
    method: str
    url: str
    params: list[tuple[str, str | int | float | bool | None]]
    headers: dict[str, str]
    content: bytes | None = None
    data: Mapping[str, Any] | None = None
    files: Any = None
    json_body: Any = None


def build_request(
    config: ClientConfig,
    op: Operation,
    values: Mapping[str, Any],
    body: Any,
    method: str | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, object] | None,
) -> PreparedRequest:
    path = op.path
    params: list[tuple[str, str | int | float | bool | None]] = []
    headers: dict[str, str] = {"User-Agent": config.user_agent, **config.headers}
    cookies: list[str] = []
    for param in op.params:
        value = values.get(param.name)
        if value is None:
            continue
        if param.location == "path":
            safe = "/" if param.greedy else ""
            text = (
                ",".join(_scalar_text(v) for v in value)
                if isinstance(value, list)
                else _scalar_text(value)
            )
            path = path.replace("{" + param.name + "}", quote(text, safe=safe))
        elif param.location == "query":
            if isinstance(value, (list, tuple)):
                if param.explode:
                    params.extend((param.name, _scalar_text(v)) for v in value)
                else:
                    params.append((param.name, ",".join(_scalar_text(v) for v in value)))
            else:
                params.append((param.name, _scalar_text(value)))
        elif param.location == "header":
            text = (
                ",".join(_scalar_text(v) for v in value)
                if isinstance(value, list)
                else _scalar_text(value)
            )
            headers[param.name] = text
        elif param.location == "cookie":
            cookies.append(f"{param.name}={quote(_scalar_text(value), safe='')}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    if extra_query:
        params.extend((k, _scalar_text(v)) for k, v in extra_query.items())
    request = PreparedRequest(
        method=method or op.method, url=config.base_url + path, params=params, headers=headers
    )
    _apply_auth(config, op, request)
    if body is not None and op.body_kind is not None:
        _apply_body(op, body, request)
    if extra_headers:
        request.headers.update(extra_headers)
    return request


def _apply_body(op: Operation, body: Any, request: PreparedRequest) -> None:
    media_type = op.body_media_type or "application/json"
    if op.body_kind == "json":
        request.content = json.dumps(_jsonable(body), separators=(",", ":")).encode()
        request.headers["Content-Type"] = media_type if "json" in media_type else "application/json"
    elif op.body_kind == "form":
        data = _jsonable(body)
        request.data = {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items() if v is not None
        }
    elif op.body_kind == "multipart":
        fields = (
            body.model_dump(by_alias=True, exclude_unset=True)
            if isinstance(body, pydantic.BaseModel)
            else dict(body)
        )
        request.files = [
            (k, v) if isinstance(v, (bytes, tuple)) else (k, (None, _scalar_text(v)))
            for k, v in fields.items()
            if v is not None
        ]
    elif op.body_kind == "binary":
        request.content = bytes(body)
        request.headers["Content-Type"] = (
            media_type if "*" not in media_type else "application/octet-stream"
        )
    else:
        request.content = str(body).encode()
        request.headers["Content-Type"] = media_type


def _credential(token: Token | None) -> str | None:
    if token is None:
        return None
    return token() if callable(token) else token


def _apply_auth(config: ClientConfig, op: Operation, request: PreparedRequest) -> None:
    """Send each credential an operation's requirements name and the client holds.

    API Gateway exports "authorizer AND API key" as two requirement objects, which OpenAPI
    reads as OR: every scheme named by any alternative is applied when its credential is set.
    """
    applied: set[str] = set()
    for alternative in op.security:
        for key in alternative:
            scheme = config.schemes.get(key)
            if scheme is None or key in applied:
                continue
            applied.add(key)
            if scheme.kind == "api_key":
                value = config.api_key
            elif scheme.kind == "sigv4":
                continue  # signed after the request is built, by the transport
            else:
                credential = _credential(config.token)
                value = None if credential is None else scheme.prefix + credential
            if value is None:
                continue
            if scheme.location == "query":
                request.params.append((scheme.name, value))
            elif scheme.location == "cookie":
                request.headers["Cookie"] = "; ".join(
                    filter(None, [request.headers.get("Cookie"), f"{scheme.name}={value}"])
                )
            else:
                request.headers[scheme.name] = value


# -- responses -------------------------------------------------------------------------------


def _lookup_status(table: Mapping[str, Any], status: int) -> tuple[bool, Any]:
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if key in table:
            return True, table[key]
    return False, None


def _decode(response: httpx.Response, type_: Any) -> Any:
    if not response.content:
        return None
    if type_ is bytes:
        return response.content
    if type_ is str:
        return response.text
    content_type = response.headers.get("content-type", "")
    if type_ is None or type_ is Any:
        if "json" in content_type:
            try:
                return response.json()
            except ValueError:
                return response.text
        return response.text if content_type.startswith("text/") else response.content
    return _adapter(type_).validate_json(response.content)


def parse_response(op: Operation, response: httpx.Response) -> Any:
    status = response.status_code
    if 200 <= status < 300:
        known, type_ = _lookup_status(op.success, status)
        if not known or op.returns_any:
            return _decode(response, Any)
        return _decode(response, type_)
    raise make_status_error(op, response)


def make_status_error(op: Operation, response: httpx.Response) -> APIStatusError:
    status = response.status_code
    known, type_ = _lookup_status(op.errors, status)
    try:
        body = _decode(response, type_ if known and type_ is not None else Any)
    except (pydantic.ValidationError, ValueError):
        body = _decode(response, Any)
    message = _message_of(body) or response.reason_phrase or "error"
    cls = _STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    return cls(f"{status} {message}", response=response, body=body)


# -- retries ---------------------------------------------------------------------------------


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    header = response.headers.get("retry-after-ms")
    if header:
        try:
            return float(header) / 1000
        except ValueError:
            pass
    header = response.headers.get("retry-after")
    if not header:
        return None
    try:
        return float(header)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(header) if header else None
        return None if parsed is None else max(0.0, parsed.timestamp() - time.time())


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): Retry-After, else backoff."""
    server = _retry_after(response)
    if server is not None and 0 <= server <= 60:
        return server
    backoff: float = min(INITIAL_RETRY_DELAY * 2.0 ** (attempt - 1), MAX_RETRY_DELAY)
    return backoff * (1 - 0.25 * random.random())


def should_retry(
    method: str,
    idempotent: bool | None,
    response: httpx.Response | None,
    attempt: int,
    max_retries: int,
) -> bool:
    if attempt > max_retries:
        return False
    if not (idempotent if idempotent is not None else method in IDEMPOTENT_METHODS):
        return False
    if response is None:
        return True  # connection error
    if response.headers.get("x-should-retry") == "false":
        return False
    return response.status_code in RETRY_STATUSES


def _timeout(config: ClientConfig, timeout: Timeout | NotGiven) -> Timeout:
    return config.timeout if isinstance(timeout, NotGiven) else timeout


def _to_httpx(
    client: httpx.Client | httpx.AsyncClient, prepared: PreparedRequest, timeout: Timeout
) -> httpx.Request:
    return client.build_request(
        prepared.method,
        prepared.url,
        params=prepared.params,
        headers=prepared.headers,
        content=prepared.content,
        data=prepared.data,
        files=prepared.files,
        timeout=timeout if timeout is not None else httpx.Timeout(None),
    )


def send(
    http: httpx.Client,
    config: ClientConfig,
    op: Operation,
    values: Mapping[str, Any],
    *,
    body: Any = None,
    method: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, object] | None = None,
    timeout: Timeout | NotGiven = NOT_GIVEN,
    max_retries: int | None = None,
    idempotent: bool | None = None,
) -> httpx.Response:
    retries = config.max_retries if max_retries is None else max_retries
    attempt = 0
    while True:
        attempt += 1
        prepared = build_request(config, op, values, body, method, extra_headers, extra_query)
        request = _to_httpx(http, prepared, _timeout(config, timeout))
        response: httpx.Response | None = None
        try:
            response = http.send(request)
        except httpx.TimeoutException as exc:
            if not should_retry(prepared.method, idempotent, None, attempt, retries):
                raise APITimeoutError("request timed out", request=request) from exc
        except httpx.TransportError as exc:
            if not should_retry(prepared.method, idempotent, None, attempt, retries):
                raise APIConnectionError(f"connection error: {exc}", request=request) from exc
        else:
            if not should_retry(prepared.method, idempotent, response, attempt, retries):
                return response
            response.close()
        delay = retry_delay(attempt, response)
        log.info(
            "retrying %s %s in %.2fs (attempt %d)", prepared.method, op.path, delay, attempt + 1
        )
        time.sleep(delay)


async def send_async(
    http: httpx.AsyncClient,
    config: ClientConfig,
    op: Operation,
    values: Mapping[str, Any],
    *,
    body: Any = None,
    method: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, object] | None = None,
    timeout: Timeout | NotGiven = NOT_GIVEN,
    max_retries: int | None = None,
    idempotent: bool | None = None,
) -> httpx.Response:
    retries = config.max_retries if max_retries is None else max_retries
    attempt = 0
    while True:
        attempt += 1
        prepared = build_request(config, op, values, body, method, extra_headers, extra_query)
        request = _to_httpx(http, prepared, _timeout(config, timeout))
        response: httpx.Response | None = None
        try:
            response = await http.send(request)
        except httpx.TimeoutException as exc:
            if not should_retry(prepared.method, idempotent, None, attempt, retries):
                raise APITimeoutError("request timed out", request=request) from exc
        except httpx.TransportError as exc:
            if not should_retry(prepared.method, idempotent, None, attempt, retries):
                raise APIConnectionError(f"connection error: {exc}", request=request) from exc
        else:
            if not should_retry(prepared.method, idempotent, response, attempt, retries):
                return response
            await response.aclose()
        delay = retry_delay(attempt, response)
        log.info(
            "retrying %s %s in %.2fs (attempt %d)", prepared.method, op.path, delay, attempt + 1
        )
        await asyncio.sleep(delay)


def sequence_of(value: Sequence[T] | None) -> list[T] | None:
    return None if value is None else list(value)
