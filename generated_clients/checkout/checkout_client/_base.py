"""Runtime shared by every operation of this client: transport, auth, retries, errors, logging.

Hand-written once in sdkgen and copied unchanged into each generated package. Generated code
declares its operations (`Operation`) and calls `call` / `call_async`; everything else lives here.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import json
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, ParamSpec, Protocol, TypeVar, cast
from urllib.parse import quote, unquote

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
    "RawResponse",
    "UnprocessableEntityError",
]

log = logging.getLogger(__name__.rsplit(".", 1)[0])

DEFAULT_TIMEOUT = httpx.Timeout(29.0, connect=5.0)  # API Gateway's integration limit is 29 s
DEFAULT_MAX_RETRIES = 2
RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
INITIAL_RETRY_DELAY = 0.5  # seconds before the first retry; doubles each time, with jitter
MAX_RETRY_DELAY = 8.0  # cap of the exponential backoff
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is not waited for: the error is raised instead
SIGV4_SERVICE = "execute-api"

_EXECUTE_API_HOST = re.compile(
    r"\.execute-api\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$", re.IGNORECASE
)
_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "cookie", "x-amz-security-token"}
)
_SECRET_QUERY = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "code",
        "id_token",
        "key",
        "password",
        "secret",
        "signature",
        "token",
    }
)
REDACTED = "<redacted>"


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
P = ParamSpec("P")


class AwsCredentialsProvider(Protocol):
    """botocore ``Credentials`` / ``RefreshableCredentials`` (anything with frozen credentials)."""

    def get_frozen_credentials(self) -> Any: ...


AwsCredentials = tuple[str, str] | tuple[str, str, str | None] | AwsCredentialsProvider


# -- errors ----------------------------------------------------------------------------------


class APIError(Exception):
    """Base of every error this client raises."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class APIConnectionError(APIError):
    """The request never got a response (DNS, refused connection, reset, TLS)."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status.

    ``error_type`` is API Gateway's ``x-amzn-ErrorType`` (e.g. ``ForbiddenException``);
    ``request_id`` its ``x-amzn-RequestId``; ``body`` the parsed body (the documented error
    model where there is one).
    """

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.request_id: str | None = response.headers.get("x-amzn-requestid")
        self.error_type: str | None = _error_type(response.headers, body)
        self.body = body

    @property
    def missing_authentication_token(self) -> bool:
        """API Gateway's 403 "Missing Authentication Token": no such path or method on the
        stage, or an unsigned request to an IAM-authorized method."""
        return self.status_code == 403 and (
            self.error_type == "MissingAuthenticationTokenException"
            or _message_of(self.body) == "Missing Authentication Token"
        )

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (``Retry-After``), if it said."""
        return _retry_after(self.response)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r},"
            f" request_id={self.request_id!r})"
        )


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid credentials."""


class PermissionDeniedError(APIStatusError):
    """403: forbidden, invalid API key, bad signature, or (API Gateway) a path or method that
    does not exist (see ``missing_authentication_token``)."""


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
        """The usage plan's quota is used up: retrying before the period ends will not help."""
        return _is_quota_exceeded(self.body, self.error_type)

    @property
    def throttled(self) -> bool:
        """Rate or burst limit hit: retrying a moment later usually works."""
        return not self.quota_exceeded


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


def _error_type(headers: httpx.Headers, body: object) -> str | None:
    """``x-amzn-ErrorType`` (without its ``:<namespace>`` suffix), else the body's ``__type``."""
    value = headers.get("x-amzn-errortype")
    if not value and isinstance(body, Mapping):
        raw = body.get("__type")
        value = raw.rsplit("#", 1)[-1] if isinstance(raw, str) else None
    return value.split(":", 1)[0].strip() or None if value else None


def _is_quota_exceeded(body: object, error_type: str | None) -> bool:
    return _message_of(body) == "Limit Exceeded" or error_type == "LimitExceededException"


# -- what the generated code declares -----------------------------------------------------------


@dataclass(frozen=True)
class SecurityScheme:
    kind: str  # api_key, sigv4, cognito, lambda, jwt, bearer, oauth2, basic
    location: str  # header, query, cookie
    name: str
    prefix: str = ""  # "Bearer " for JWT authorizers and bearer schemes


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
    # status -> type, or None (no body); a type may be given as text (see `resolve_type`)
    success: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, Any] = field(default_factory=dict)  # status -> type of the error body
    returns_any: bool = False
    security: tuple[tuple[str, ...], ...] = ()
    accept: str | None = None  # media types of the documented responses, for ``Accept``


# -- SigV4 -------------------------------------------------------------------------------------


class SigV4Signer:
    """Signs requests for IAM-authorized (``AWS_IAM``) methods with botocore's SigV4.

    botocore is imported on first use only, so clients of APIs without IAM never need it.
    Credentials: ``aws_credentials`` (botocore credentials, or ``(key, secret[, token])``), else
    botocore's default chain (environment, profile, SSO, container/instance role), looked up
    once. Refreshable credentials are frozen per request, so they renew themselves.
    """

    def __init__(self, credentials: AwsCredentials | None, region: str | None) -> None:
        self.given_credentials = credentials
        self.given_region = region
        self._lock = threading.Lock()
        self._resolved = False
        self._provider: Any = None
        self._default_region: str | None = None

    def __repr__(self) -> str:  # never show credentials
        return f"SigV4Signer(region={self.given_region!r})"

    def _credentials(self) -> Any:
        with self._lock:
            if not self._resolved:
                given = self.given_credentials
                if isinstance(given, tuple):
                    credentials = importlib.import_module("botocore.credentials")
                    self._provider = credentials.Credentials(*given)
                elif given is not None:
                    self._provider = given
                else:
                    session = importlib.import_module("botocore.session").get_session()
                    self._provider = session.get_credentials()
                    self._default_region = session.get_config_variable("region")
                importlib.import_module("botocore.auth")
                importlib.import_module("botocore.awsrequest")
                self._resolved = True
            return self._provider

    def may_block(self) -> bool:
        """Whether getting credentials may do I/O: the first lookup, or a refresh."""
        return not self._resolved or hasattr(self._provider, "refresh_needed")

    def frozen_credentials(self, *, required: bool) -> Any:
        """This request's credentials (refreshed if due), or None when there are none."""
        provider = self._credentials()
        frozen = provider.get_frozen_credentials() if provider is not None else None
        if frozen is None or not frozen.access_key or not frozen.secret_key:
            if required:
                raise APIError(
                    "this operation needs AWS credentials (IAM authorization): pass"
                    " aws_credentials= or configure the AWS default chain"
                )
            return None
        return frozen

    def region_for(self, host: str) -> str:
        if self.given_region:
            return self.given_region
        match = _EXECUTE_API_HOST.search(host)
        if match:
            return match.group(1).lower()
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        if region:
            return region
        self._credentials()
        if self._default_region:
            return self._default_region
        raise APIError(
            f"cannot tell the AWS region for signing requests to {host}: pass aws_region="
        )

    def sign(self, request: httpx.Request, frozen: Any) -> None:
        """Add SigV4 headers for ``frozen`` credentials to ``request`` exactly as it is sent."""
        auth = importlib.import_module("botocore.auth")
        awsrequest = importlib.import_module("botocore.awsrequest")
        body = request.read()  # the exact bytes sent (a multipart stream becomes bytes here)
        headers = {"host": request.headers["host"]}
        for name, value in request.headers.items():
            lowered = name.lower()
            if lowered == "content-type" or (
                lowered.startswith("x-amz-")
                and lowered not in ("x-amz-date", "x-amz-security-token")
            ):
                headers[lowered] = value
        aws_request = awsrequest.AWSRequest(
            method=request.method, url=str(request.url), data=body, headers=headers
        )
        region = self.region_for(request.url.host)
        auth.SigV4Auth(frozen, SIGV4_SERVICE, region).add_auth(aws_request)
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            value = aws_request.headers.get(name)
            if value is not None:
                request.headers[name] = value
            elif name in request.headers:
                del request.headers[name]


# -- configuration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client was constructed with; ``with_options`` makes a changed copy."""

    base_url: str
    stage: str | None  # the stage the base URL points at, when it came from the document
    stage_template: str | None
    api_key: str | None
    token: Token | None
    headers: Mapping[str, str]
    timeout: Timeout
    max_retries: int
    retry_non_idempotent: bool
    user_agent: str
    schemes: Mapping[str, SecurityScheme]
    signer: SigV4Signer | None = None
    secret_query: frozenset[str] = _SECRET_QUERY
    secret_headers: frozenset[str] = _SECRET_HEADERS
    _common_headers: dict[str | None, CommonHeaders] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __repr__(self) -> str:  # never show credentials
        return (
            f"ClientConfig(base_url={self.base_url!r}, timeout={self.timeout!r},"
            f" max_retries={self.max_retries!r})"
        )

    def common_headers(self, accept: str | None) -> CommonHeaders:
        """User-Agent, ``accept`` and the configured headers, built once per ``Accept``."""
        common = self._common_headers.get(accept)
        if common is None:
            headers = {"User-Agent": self.user_agent}
            if accept:
                headers["Accept"] = accept
            for name, value in self.headers.items():
                _put_header(headers, name, value)
            common = self._common_headers[accept] = CommonHeaders(headers)
        return common

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        stage: str | NotGiven = NOT_GIVEN,
        api_key: str | NotGiven | None = NOT_GIVEN,
        token: Token | NotGiven | None = NOT_GIVEN,
        headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_non_idempotent: bool | NotGiven = NOT_GIVEN,
        aws_credentials: AwsCredentials | NotGiven | None = NOT_GIVEN,
        aws_region: str | NotGiven | None = NOT_GIVEN,
    ) -> ClientConfig:
        changes: dict[str, Any] = {}
        if not isinstance(base_url, NotGiven):
            changes.update(base_url=base_url.rstrip("/"), stage=None)
        elif not isinstance(stage, NotGiven):
            if self.stage_template is None:
                raise ValueError(
                    "this API's document does not say where the stage goes; pass base_url="
                )
            if self.stage is None:
                raise ValueError(
                    "this client has its own base_url; pass base_url= for another stage"
                )
            changes.update(base_url=_stage_url(self.stage_template, stage), stage=stage)
        if not isinstance(api_key, NotGiven):
            changes["api_key"] = api_key
        if not isinstance(token, NotGiven):
            changes["token"] = token
        if not isinstance(headers, NotGiven):
            changes["headers"] = {**self.headers, **headers}
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if not isinstance(max_retries, NotGiven):
            changes["max_retries"] = max_retries
        if not isinstance(retry_non_idempotent, NotGiven):
            changes["retry_non_idempotent"] = retry_non_idempotent
        if self.signer is not None and not (
            isinstance(aws_credentials, NotGiven) and isinstance(aws_region, NotGiven)
        ):
            changes["signer"] = SigV4Signer(
                self.signer.given_credentials
                if isinstance(aws_credentials, NotGiven)
                else aws_credentials,
                self.signer.given_region if isinstance(aws_region, NotGiven) else aws_region,
            )
        return replace(self, **changes)


def _stage_url(template: str, stage: str) -> str:
    return template.replace("{stage}", quote(stage, safe="")).rstrip("/")


def resolve_base_url(
    base_url: str | None,
    stage: str | None,
    env_prefix: str,
    default_url: str | None,
    stage_template: str | None,
    default_stage: str | None = None,
) -> tuple[str, str | None]:
    """The base URL and the stage it points at (None when unknown).

    Explicit ``base_url``; else ``stage`` placed in the document's server URL; else
    ``<PREFIX>_BASE_URL``; else the document's server URL.
    """
    if base_url is None and stage is not None:
        if stage_template is None:
            raise ValueError(
                "this API's document does not say where the stage goes; pass base_url="
            )
        return _stage_url(stage_template, stage), stage
    if base_url is None:
        base_url = os.environ.get(f"{env_prefix}_BASE_URL") or None
    if base_url is None and default_url:
        return default_url.rstrip("/"), default_stage
    if not base_url:
        raise ValueError(f"no base URL: pass base_url= or set {env_prefix}_BASE_URL")
    return base_url.rstrip("/"), None


def env_value(env_prefix: str, suffix: str) -> str | None:
    """``<PREFIX>_<SUFFIX>`` from the environment, empty meaning unset."""
    return os.environ.get(f"{env_prefix}_{suffix}") or None


def make_config(
    *,
    env_prefix: str,
    user_agent: str,
    schemes: Mapping[str, SecurityScheme],
    default_url: str | None,
    stage_template: str | None,
    default_stage: str | None,
    base_url: str | None,
    stage: str | None,
    api_key: str | None,
    token: Token | None,
    headers: Mapping[str, str] | None,
    timeout: Timeout,
    max_retries: int,
    retry_non_idempotent: bool,
    aws_credentials: AwsCredentials | None = None,
    aws_region: str | None = None,
) -> ClientConfig:
    """A client's configuration: arguments, else ``<PREFIX>_*`` variables, else the document."""
    configure_logging(env_prefix)
    url, current_stage = resolve_base_url(
        base_url, stage, env_prefix, default_url, stage_template, default_stage
    )
    uses_sigv4 = any(s.kind == "sigv4" for s in schemes.values())
    return ClientConfig(
        base_url=url,
        stage=current_stage,
        stage_template=stage_template,
        api_key=api_key if api_key is not None else env_value(env_prefix, "API_KEY"),
        token=token if token is not None else env_value(env_prefix, "TOKEN"),
        headers=dict(headers or {}),
        timeout=timeout,
        max_retries=max_retries,
        retry_non_idempotent=retry_non_idempotent,
        user_agent=user_agent,
        schemes=schemes,
        signer=SigV4Signer(aws_credentials, aws_region) if uses_sigv4 else None,
        secret_query=_SECRET_QUERY
        | {s.name.lower() for s in schemes.values() if s.location == "query"},
        secret_headers=_SECRET_HEADERS
        | {s.name.lower() for s in schemes.values() if s.location == "header"},
    )


# -- logging -----------------------------------------------------------------------------------


class _StderrHandler(logging.Handler):
    """Writes to the current ``sys.stderr`` (not the one of the moment it was created)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def configure_logging(env_prefix: str) -> None:
    """``<PREFIX>_LOG=debug|info`` turns this package's logger on, printing to stderr."""
    setting = (os.environ.get(f"{env_prefix}_LOG") or "").strip().lower()
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(setting)
    if level is None:
        return
    log.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        log.addHandler(handler)


def _safe_url(url: httpx.URL, config: ClientConfig) -> str:
    """The URL with the values of credential-like query parameters replaced."""
    text = str(url)
    base, sep, query = text.partition("?")
    if not sep:
        return text
    pairs = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        name = unquote(key).lower()
        if name in config.secret_query or name.startswith("x-amz-"):
            value = REDACTED
        pairs.append(f"{key}{eq}{value}")
    return base + "?" + "&".join(pairs)


def _safe_headers(headers: httpx.Headers, config: ClientConfig) -> dict[str, str]:
    return {
        name: REDACTED if name.lower() in config.secret_headers else value
        for name, value in headers.items()
    }


# -- request building ------------------------------------------------------------------------


_type_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    adapter = _type_adapters.get(type_)
    if adapter is None:
        adapter = pydantic.TypeAdapter(type_)
        _type_adapters[type_] = adapter
    return adapter


# Context of request serialization and response validation (read by `_model_base`).
_REQUEST_CONTEXT = {"sdkgen_request": True}
_RESPONSE_CONTEXT = {"sdkgen_response": True}


def _jsonable(value: object) -> Any:
    """JSON-ready data of a request body: exactly the fields that were set (``None`` is sent
    as null), read-only ones left out."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(
            mode="json", by_alias=True, exclude_unset=True, context=_REQUEST_CONTEXT
        )
    return _adapter(type(value)).dump_python(
        value, mode="json", by_alias=True, context=_REQUEST_CONTEXT
    )


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pydantic.BaseModel):
        return json.dumps(_jsonable(value), separators=(",", ":"))
    if hasattr(value, "value") and not isinstance(value, (str, bytes)):
        value = value.value  # enums
    return str(value)


def _query_part(text: str) -> str:
    """RFC 3986 encoding, as SigV4 canonicalizes it (space is %20, only -_.~ unescaped)."""
    return quote(text, safe="-_.~")


def _put_header(headers: dict[str, str], name: str, value: str) -> None:
    """Set header ``name``, replacing one of the same name in another case."""
    if name not in headers:
        lowered = name.lower()
        for key in headers:
            if key.lower() == lowered:
                del headers[key]
                break
    headers[name] = value


def _merge_headers(
    defaults: Sequence[tuple[bytes, bytes]], headers: Mapping[str, str]
) -> list[tuple[bytes, bytes]]:
    """``defaults`` without the names of ``headers`` (in any case), then ``headers``: what
    ``httpx.Headers.update`` gives, as pairs for ``httpx.Headers`` or ``httpx.Request``."""
    if not headers:
        return list(defaults)
    names = {name.lower().encode("ascii") for name in headers}
    merged: list[Any] = [item for item in defaults if item[0].lower() not in names]
    # str pairs among bytes ones: httpx encodes (and checks) each pair on its own
    merged.extend(headers.items())
    return merged


class CommonHeaders:
    """The headers of every request of a client for one ``Accept``: User-Agent, Accept and the
    configured headers (which replace the first two, in any case).

    `merged_with` puts them over an httpx client's default headers once (httpx would merge
    them into a copy of the client's on every call), again only when those defaults change.
    """

    __slots__ = ("_merged", "headers")

    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers
        self._merged: tuple[list[tuple[bytes, bytes]], httpx.Headers] | None = None

    def merged_with(self, defaults: httpx.Headers) -> httpx.Headers:
        """``defaults`` with these headers in place of theirs of the same names. Shared
        between requests: ``httpx.Request`` copies the headers it is given."""
        raw = defaults.raw
        merged = self._merged
        if merged is None or merged[0] != raw:
            merged = (raw, httpx.Headers(_merge_headers(raw, self.headers)))
            self._merged = merged
        return merged[1]


@dataclass
class PreparedRequest:
    method: str
    url: str  # without the query string
    params: list[tuple[str, str]]
    common: CommonHeaders  # User-Agent, Accept, configured headers
    # this request's own, replacing common ones: parameters, credentials, body type, extra
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    data: Mapping[str, Any] | None = None
    files: Any = None
    sign: bool = False  # an alternative of the operation's security names SigV4
    sign_required: bool = False  # every alternative does

    def full_url(self) -> str:
        if not self.params:
            return self.url
        query = "&".join(f"{_query_part(k)}={_query_part(v)}" for k, v in self.params)
        return f"{self.url}?{query}"

    def all_headers(self) -> dict[str, str]:
        """Every header this client sets on the request (not httpx's defaults)."""
        headers = dict(self.common.headers)
        for name, value in self.headers.items():
            _put_header(headers, name, value)
        return headers

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (any case) this client sets, if it does."""
        lowered = name.lower()
        for source in (self.headers, self.common.headers):
            for key, value in source.items():
                if key.lower() == lowered:
                    return value
        return None


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
    params: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
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
            _put_header(headers, param.name, text)
        elif param.location == "cookie":
            cookies.append(f"{param.name}={quote(_scalar_text(value), safe='')}")
    if cookies:
        _put_header(headers, "Cookie", "; ".join(cookies))
    if extra_query:
        for key, extra in extra_query.items():
            if isinstance(extra, (list, tuple)):
                params.extend((key, _scalar_text(v)) for v in extra)
            elif extra is not None:
                params.append((key, _scalar_text(extra)))
    request = PreparedRequest(
        method=method or op.method,
        url=config.base_url + path,
        params=params,
        common=config.common_headers(op.accept),
        headers=headers,
    )
    if op.security:
        _apply_auth(config, op, request)
    if body is not None and op.body_kind is not None:
        _apply_body(op, body, request)
    if extra_headers:
        for name, value in extra_headers.items():
            _put_header(request.headers, name, value)
    return request


def _apply_body(op: Operation, body: Any, request: PreparedRequest) -> None:
    media_type = op.body_media_type or "application/json"
    if op.body_kind == "json":
        request.content = json.dumps(_jsonable(body), separators=(",", ":")).encode()
        _put_header(
            request.headers,
            "Content-Type",
            media_type if "json" in media_type else "application/json",
        )
    elif op.body_kind == "form":
        data = _jsonable(body)
        request.data = {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items() if v is not None
        }
    elif op.body_kind == "multipart":
        request.files = _multipart(body)
    elif op.body_kind == "binary":
        request.content = bytes(body)
        _put_header(
            request.headers,
            "Content-Type",
            media_type if "*" not in media_type else "application/octet-stream",
        )
    else:
        request.content = str(body).encode()
        _put_header(request.headers, "Content-Type", media_type)


def _multipart(body: Any) -> list[tuple[str, Any]]:
    """httpx ``files=`` entries: bytes and ``(filename, bytes[, content_type])`` become file
    parts, models and mappings JSON parts, everything else text fields; lists repeat a field."""
    if isinstance(body, pydantic.BaseModel):
        fields = {
            info.alias or name: getattr(body, name)
            for name, info in type(body).model_fields.items()
            if name in body.model_fields_set
        }
        fields.update(body.model_extra or {})
    else:
        fields = dict(body)
    parts: list[tuple[str, Any]] = []
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, (bytes, bytearray, memoryview)):
                parts.append((key, (key, bytes(item), "application/octet-stream")))
            elif isinstance(item, tuple):
                parts.append((key, item))
            elif isinstance(item, (pydantic.BaseModel, Mapping)):
                text = json.dumps(_jsonable(item), separators=(",", ":"))
                parts.append((key, (None, text, "application/json")))
            else:
                parts.append((key, (None, _scalar_text(item))))
    return parts


def _token_value(token: Token | None, prefix: str) -> str | None:
    if token is None:
        return None
    value = token() if callable(token) else token
    if not value:
        return None
    if prefix and not value.lower().startswith(prefix.lower()):
        value = prefix + value
    return value


def _apply_auth(config: ClientConfig, op: Operation, request: PreparedRequest) -> None:
    """Send each credential an operation's requirements name and the client holds.

    API Gateway exports "authorizer AND API key" as two requirement objects, which OpenAPI
    reads as OR: every scheme named by any alternative is applied when its credential is set.
    SigV4 is applied last, by the transport, to the request exactly as it is sent.
    """
    applied: set[str] = set()
    token_value: str | None = None
    token_read = False
    all_sigv4 = bool(op.security)
    for alternative in op.security:
        names_sigv4 = False
        for key in alternative:
            scheme = config.schemes.get(key)
            if scheme is None:
                continue
            if scheme.kind == "sigv4":
                names_sigv4 = True
                continue
            if key in applied:
                continue
            applied.add(key)
            if scheme.kind == "api_key":
                value = config.api_key
            else:
                if not token_read:  # a token callable is called once per request
                    token_value = _token_value(config.token, "")
                    token_read = True
                value = _token_value(token_value, scheme.prefix)
            if value is None:
                continue
            if scheme.location == "query":
                request.params.append((scheme.name, value))
            elif scheme.location == "cookie":
                cookie = f"{scheme.name}={value}"
                current = request.header("Cookie")
                cookie = f"{current}; {cookie}" if current else cookie
                _put_header(request.headers, "Cookie", cookie)
            else:
                _put_header(request.headers, scheme.name, value)
        request.sign = request.sign or names_sigv4
        all_sigv4 = all_sigv4 and names_sigv4
    request.sign_required = all_sigv4


# -- responses -------------------------------------------------------------------------------


_MODELS_MODULE = __name__.rsplit(".", 1)[0] + ".models"
_TYPE_NAMES: dict[str, Any] = {
    "Any": Any,
    "Literal": Literal,
    "None": None,
    "bool": bool,
    "bytes": bytes,
    "dict": dict,
    "float": float,
    "int": int,
    "list": list,
    "str": str,
}


class _TypeNames(dict[str, Any]):
    """Names of a type expression: builtins and typing, else this package's models."""

    def __missing__(self, name: str) -> Any:
        if name in _TYPE_NAMES:
            return _TYPE_NAMES[name]
        return getattr(importlib.import_module(_MODELS_MODULE), name)


@functools.cache
def resolve_type(expression: str) -> Any:
    """The type generated code names as text (``"list[Repository]"``), so that a module of
    operations does not import every model it mentions; its models load on first use."""
    return eval(expression, {"__builtins__": {}}, _TypeNames())


def _lookup_status(table: Mapping[str, Any], status: int) -> tuple[bool, Any]:
    key = str(status)
    if key not in table:  # the exact status first: the common case, without more formatting
        for key in (f"{status // 100}XX", f"{status // 100}xx", "default"):
            if key in table:
                break
        else:
            return False, None
    type_ = table[key]
    return True, resolve_type(type_) if isinstance(type_, str) else type_


def _decode(response: httpx.Response, type_: Any) -> Any:
    if not response.content:
        return None
    if type_ is bytes:
        return response.content
    if type_ is str:
        return response.text
    if type_ is None or type_ is Any:
        content_type = response.headers.get("content-type", "")
        if "json" in content_type:
            try:
                return response.json()
            except ValueError:
                return response.text
        return response.text if content_type.startswith("text/") else response.content
    return _adapter(type_).validate_json(response.content, context=_RESPONSE_CONTEXT)


def parse_response(op: Operation, response: httpx.Response) -> Any:
    status = response.status_code
    if 200 <= status < 300:
        known, type_ = _lookup_status(op.success, status)
        if not known or op.returns_any:
            return _decode(response, Any)
        return _decode(response, type_)
    raise make_status_error(op, response)


def _hint(status: int, message: str, error_type: str | None, response: httpx.Response) -> str:
    where = f"{response.request.method} {response.request.url.path}"
    if status == 403 and (
        error_type == "MissingAuthenticationTokenException"
        or message == "Missing Authentication Token"
    ):
        return (
            f"API Gateway has no {where} on this stage (check the base URL, stage, path and"
            " method), or the method needs IAM authorization and the request is unsigned"
        )
    if status == 403 and error_type == "InvalidSignatureException":
        return "the SigV4 signature was rejected: check the AWS secret key, region and clock"
    if status == 403 and message == "Forbidden":
        return "the API key is missing or invalid, or not in a usage plan for this stage"
    if status == 429:
        if message == "Limit Exceeded" or error_type == "LimitExceededException":
            return "the usage plan's quota is used up until its period ends (not retried)"
        return "throttled by API Gateway; slow down or retry later"
    if status == 401:
        return "the authorizer rejected the request: missing, expired or invalid token"
    return ""


def make_status_error(op: Operation, response: httpx.Response) -> APIStatusError:
    status = response.status_code
    known, type_ = _lookup_status(op.errors, status)
    try:
        body = _decode(response, type_ if known and type_ is not None else Any)
    except (pydantic.ValidationError, ValueError):
        body = _decode(response, Any)
    message = _message_of(body)
    if message is None:
        raw = _decode(response, Any) if known and type_ is not None else body
        message = _message_of(raw) or response.reason_phrase or "error"
    error_type = _error_type(response.headers, body)
    text = f"{status} {message}"
    if error_type:
        text += f" ({error_type})"
    hint = _hint(status, message, error_type, response)
    if hint:
        text += f": {hint}"
    cls = _STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    return cls(text, response=response, body=body)


class RawResponse(Generic[T]):
    """A successful response before parsing: ``status_code``, ``headers``, ``request_id``,
    ``http_response`` (the ``httpx.Response``); ``parse()`` gives what the method returns."""

    def __init__(self, response: httpx.Response, op: Operation, retries_taken: int = 0) -> None:
        self.http_response = response
        self.retries_taken = retries_taken
        self._op = op
        self._parsed: tuple[T] | None = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        value: str | None = self.http_response.headers.get("x-amzn-requestid")
        return value

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    @property
    def elapsed(self) -> float:
        """Seconds the last attempt took."""
        return self.http_response.elapsed.total_seconds()

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> T:
        if self._parsed is None:
            self._parsed = (cast(T, parse_response(self._op, self.http_response)),)
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<RawResponse [{self.status_code}] {request.method} {request.url.path}>"


_RAW_RESPONSE: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_response", default=False)


def to_raw_response(func: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """The method ``func``, returning a `RawResponse` instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        reset = _RAW_RESPONSE.set(True)
        try:
            return cast(RawResponse[T], func(*args, **kwargs))
        finally:
            _RAW_RESPONSE.reset(reset)

    return wrapped


def to_raw_response_async(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async method ``func``, returning a `RawResponse` instead of the parsed value."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        reset = _RAW_RESPONSE.set(True)
        try:
            return cast(RawResponse[T], await func(*args, **kwargs))
        finally:
            _RAW_RESPONSE.reset(reset)

    return wrapped


# -- retries ---------------------------------------------------------------------------------


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    header = response.headers.get("retry-after-ms")
    if header:
        try:
            return max(0.0, float(header) / 1000)
        except ValueError:
            pass
    header = response.headers.get("retry-after")
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    import email.utils  # only for a Retry-After given as a date

    try:
        parsed = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): Retry-After, else backoff."""
    server = _retry_after(response)
    if server is not None and server <= MAX_RETRY_AFTER:
        return server
    backoff: float = min(INITIAL_RETRY_DELAY * 2.0 ** (attempt - 1), MAX_RETRY_DELAY)
    import random  # only when retrying

    return backoff * (1 - 0.25 * random.random())


def should_retry(
    method: str,
    idempotent: bool | None,
    response: httpx.Response | None,
    attempt: int,
    max_retries: int,
    retry_non_idempotent: bool = False,
) -> bool:
    """Whether attempt number ``attempt`` (1-based) may be followed by another."""
    if response is not None and response.status_code not in RETRY_STATUSES:
        return False  # the common case first: a final answer
    if attempt > max_retries:
        return False
    if idempotent is None:
        idempotent = retry_non_idempotent or method in IDEMPOTENT_METHODS
    if not idempotent:
        return False
    if response is None:
        return True  # connection error or timeout
    if response.headers.get("x-should-retry") == "false":
        return False
    if response.status_code == 429:
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        if _is_quota_exceeded(body, _error_type(response.headers, body)):
            return False
    server = _retry_after(response)
    return server is None or server <= MAX_RETRY_AFTER


def _timeout(config: ClientConfig, timeout: Timeout | NotGiven) -> Timeout:
    return config.timeout if isinstance(timeout, NotGiven) else timeout


_PLAIN_CLIENTS = (httpx.Client, httpx.AsyncClient)


def _to_httpx(
    client: httpx.Client | httpx.AsyncClient,
    prepared: PreparedRequest,
    timeout: Timeout,
) -> httpx.Request:
    """The ``httpx.Request`` ``client.build_request`` makes of ``prepared``: the client's
    default headers, each header we set replacing the client's of that name.

    A client with cookies or query parameters of its own, a relative URL (for the client's
    ``base_url``) or a subclass of httpx's clients goes through ``build_request`` itself.
    """
    url = prepared.full_url()
    if (
        type(client) in _PLAIN_CLIENTS
        and url.startswith(("https://", "http://"))
        and not client.params
        and not client.cookies
    ):
        common = prepared.common.merged_with(client.headers)
        return httpx.Request(
            prepared.method,
            url,
            headers=_merge_headers(common.raw, prepared.headers) if prepared.headers else common,
            content=prepared.content,
            data=prepared.data,
            files=prepared.files,
            extensions={"timeout": httpx.Timeout(timeout).as_dict()},
        )
    return client.build_request(
        prepared.method,
        url,
        headers=prepared.all_headers(),
        content=prepared.content,
        data=prepared.data,
        files=prepared.files,
        timeout=httpx.Timeout(timeout),
    )


def _sign(config: ClientConfig, prepared: PreparedRequest, request: httpx.Request) -> None:
    if prepared.sign and config.signer is not None:
        frozen = config.signer.frozen_credentials(required=prepared.sign_required)
        if frozen is not None:
            config.signer.sign(request, frozen)


async def _sign_async(
    config: ClientConfig, prepared: PreparedRequest, request: httpx.Request
) -> None:
    """`_sign`, looking credentials up in a thread when that may block (files, STS, IMDS)."""
    signer = config.signer
    if prepared.sign and signer is not None:
        required = prepared.sign_required
        if signer.may_block():
            import asyncio  # loaded already: this runs in an event loop

            frozen = await asyncio.to_thread(signer.frozen_credentials, required=required)
        else:
            frozen = signer.frozen_credentials(required=required)
        if frozen is not None:
            signer.sign(request, frozen)


@dataclass
class _Attempts:
    """The retry loop's state, shared by `send` and `send_async`."""

    config: ClientConfig
    op: Operation
    idempotent: bool | None
    max_retries: int
    attempt: int = 0

    def failed(self, request: httpx.Request, exc: httpx.TransportError, started: float) -> float:
        """A transport error: the delay before retrying, or raise the client's error."""
        timed_out = isinstance(exc, httpx.TimeoutException)
        # A request httpx cannot send (bad header value, unknown scheme) fails the same again.
        unsendable = isinstance(exc, (httpx.LocalProtocolError, httpx.UnsupportedProtocol))
        error: APIError
        if timed_out:
            error = APITimeoutError("request timed out", request=request)
        elif isinstance(exc, httpx.LocalProtocolError):
            # httpx's message quotes the offending header value, which may be a credential.
            error = APIConnectionError(
                "the request could not be sent: a header value or the URL is invalid"
                " (LocalProtocolError)",
                request=request,
            )
        else:
            error = APIConnectionError(
                f"connection error: {type(exc).__name__}: {exc}", request=request
            )
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s -> %s after %.3fs%s",
                request.method,
                _safe_url(request.url, self.config),
                "timeout" if timed_out else f"connection error ({type(exc).__name__})",
                time.monotonic() - started,
                f" (retry {self.attempt - 1})" if self.attempt > 1 else "",
            )
        if isinstance(exc, httpx.LocalProtocolError):
            raise error from None
        if unsendable or not should_retry(
            request.method,
            self.idempotent,
            None,
            self.attempt,
            self.max_retries,
            self.config.retry_non_idempotent,
        ):
            raise error from exc
        return self._delay(request, None, "timeout" if timed_out else "connection error")

    def answered(self, request: httpx.Request, response: httpx.Response, started: float) -> float:
        """A response: the delay before retrying, or -1 when it is the final one."""
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s -> %d in %.3fs%s%s",
                request.method,
                _safe_url(request.url, self.config),
                response.status_code,
                time.monotonic() - started,
                f" (retry {self.attempt - 1})" if self.attempt > 1 else "",
                f" request id {response.headers['x-amzn-requestid']}"
                if "x-amzn-requestid" in response.headers
                else "",
            )
        if not should_retry(
            request.method,
            self.idempotent,
            response,
            self.attempt,
            self.max_retries,
            self.config.retry_non_idempotent,
        ):
            return -1.0
        return self._delay(request, response, f"status {response.status_code}")

    def _delay(self, request: httpx.Request, response: httpx.Response | None, why: str) -> float:
        delay = retry_delay(self.attempt, response)
        log.info(
            "retrying %s %s in %.2fs after %s (retry %d of %d)",
            request.method,
            request.url.path,
            delay,
            why,
            self.attempt,
            self.max_retries,
        )
        return delay

    def debug(self, request: httpx.Request) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "request %s %s headers %s",
                request.method,
                _safe_url(request.url, self.config),
                _safe_headers(request.headers, self.config),
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
) -> tuple[httpx.Response, int]:
    """Send with retries; the final response and how many retries it took."""
    state = _Attempts(
        config, op, idempotent, config.max_retries if max_retries is None else max_retries
    )
    timeout = _timeout(config, timeout)
    while True:
        state.attempt += 1
        prepared = build_request(config, op, values, body, method, extra_headers, extra_query)
        request = _to_httpx(http, prepared, timeout)
        if prepared.sign:
            _sign(config, prepared, request)
        state.debug(request)
        started = time.monotonic()
        try:
            response = http.send(request)
        except httpx.TransportError as exc:
            delay = state.failed(request, exc, started)
        else:
            delay = state.answered(request, response, started)
            if delay < 0:
                return response, state.attempt - 1
            response.close()
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
) -> tuple[httpx.Response, int]:
    """Send with retries; the final response and how many retries it took."""
    state = _Attempts(
        config, op, idempotent, config.max_retries if max_retries is None else max_retries
    )
    timeout = _timeout(config, timeout)
    while True:
        state.attempt += 1
        prepared = build_request(config, op, values, body, method, extra_headers, extra_query)
        request = _to_httpx(http, prepared, timeout)
        if prepared.sign:
            await _sign_async(config, prepared, request)
        state.debug(request)
        started = time.monotonic()
        try:
            response = await http.send(request)
        except httpx.TransportError as exc:
            delay = state.failed(request, exc, started)
        else:
            delay = state.answered(request, response, started)
            if delay < 0:
                return response, state.attempt - 1
            await response.aclose()
        import asyncio  # loaded already: this runs in an event loop

        await asyncio.sleep(delay)


# -- what generated methods call ---------------------------------------------------------------


class SyncClient(Protocol):
    _config: ClientConfig

    @property
    def _http(self) -> httpx.Client: ...


class AsyncClientProtocol(Protocol):
    _config: ClientConfig

    @property
    def _http(self) -> httpx.AsyncClient: ...


def _result(op: Operation, response: httpx.Response, retries: int, raw: bool) -> Any:
    if not 200 <= response.status_code < 300:
        raise make_status_error(op, response)
    if raw:
        return RawResponse[Any](response, op, retries)
    return parse_response(op, response)


def call(
    client: SyncClient,
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
) -> Any:
    """Send one operation; its parsed result (or a `RawResponse` under ``with_raw_response``)."""
    raw = _RAW_RESPONSE.get()
    reset = _RAW_RESPONSE.set(False) if raw else None  # not for calls a token callable makes
    try:
        response, retries = send(
            client._http,
            client._config,
            op,
            values,
            body=body,
            method=method,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
            max_retries=max_retries,
            idempotent=idempotent,
        )
    finally:
        if reset is not None:
            _RAW_RESPONSE.reset(reset)
    return _result(op, response, retries, raw)


async def call_async(
    client: AsyncClientProtocol,
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
) -> Any:
    """Send one operation; its parsed result (or a `RawResponse` under ``with_raw_response``)."""
    raw = _RAW_RESPONSE.get()
    reset = _RAW_RESPONSE.set(False) if raw else None
    try:
        response, retries = await send_async(
            client._http,
            client._config,
            op,
            values,
            body=body,
            method=method,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
            max_retries=max_retries,
            idempotent=idempotent,
        )
    finally:
        if reset is not None:
            _RAW_RESPONSE.reset(reset)
    return _result(op, response, retries, raw)


def sequence_of(value: Sequence[T] | None) -> list[T] | None:
    return None if value is None else list(value)
