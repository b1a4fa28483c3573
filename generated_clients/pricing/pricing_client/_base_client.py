"""What every generated client shares: the `SyncAPIClient` / `AsyncAPIClient` bases (connection
pool, lifecycle, ``with_options``, context managers) and the send loop with retries."""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from ._config import ClientConfig
from ._exceptions import APIConnectionError, APIError, APITimeoutError
from ._logs import log, safe_headers, safe_url
from ._operation import Operation
from ._request import PreparedRequest, build_request, to_httpx
from ._response import RAW_RESPONSE, RawResponse, make_status_error, parse_response
from ._retry import RETRY_STATUSES, retry_delay, should_retry
from ._transport import DEADLINE, aread_body, new_async_client, new_client, read_body
from ._types import NOT_GIVEN, AttemptLimits, NotGiven, T, Timeout, Token

if TYPE_CHECKING:
    from ._pagination import AsyncPaginator, SyncPage

_HTTP_LOCK = threading.Lock()


class _Retries:
    """A call's retry state, made only when an attempt fails or logging is on (the common
    call, answered at once, needs none)."""

    __slots__ = ("config", "idempotent", "max_retries")

    def __init__(
        self, config: ClientConfig, idempotent: bool | None, max_retries: int | None
    ) -> None:
        self.config = config
        self.idempotent = idempotent
        self.max_retries = config.max_retries if max_retries is None else max_retries

    def failed(
        self, request: httpx.Request, exc: httpx.TransportError, started: float, attempt: int
    ) -> float:
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
                safe_url(request.url),
                "timeout" if timed_out else f"connection error ({type(exc).__name__})",
                time.monotonic() - started,
                f" (retry {attempt - 1})" if attempt > 1 else "",
            )
        if isinstance(exc, httpx.LocalProtocolError):
            raise error from None
        if unsendable or not should_retry(
            request.method,
            self.idempotent,
            None,
            attempt,
            self.max_retries,
            self.config.retry_non_idempotent,
        ):
            raise error from exc
        return self._delay(request, None, "timeout" if timed_out else "connection error", attempt)

    def answered(
        self, request: httpx.Request, response: httpx.Response, started: float, attempt: int
    ) -> float:
        """A response: the delay before retrying, or -1 when it is the final one."""
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s -> %d in %.3fs%s%s",
                request.method,
                safe_url(request.url),
                response.status_code,
                time.monotonic() - started,
                f" (retry {attempt - 1})" if attempt > 1 else "",
                f" request id {response.headers['x-amzn-requestid']}"
                if "x-amzn-requestid" in response.headers
                else "",
            )
        if not should_retry(
            request.method,
            self.idempotent,
            response,
            attempt,
            self.max_retries,
            self.config.retry_non_idempotent,
        ):
            return -1.0
        return self._delay(request, response, f"status {response.status_code}", attempt)

    def _delay(
        self, request: httpx.Request, response: httpx.Response | None, why: str, attempt: int
    ) -> float:
        delay = retry_delay(attempt, response)
        log.info(
            "retrying %s %s in %.2fs after %s (retry %d of %d)",
            request.method,
            request.url.path,
            delay,
            why,
            attempt,
            self.max_retries,
        )
        return delay


def _debug(request: httpx.Request) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "request %s %s headers %s",
            request.method,
            safe_url(request.url),
            safe_headers(request.headers),
        )


def _limits(config: ClientConfig, timeout: Timeout | NotGiven) -> AttemptLimits:
    return config.limits if isinstance(timeout, NotGiven) else AttemptLimits(timeout)


def _warn_deprecated(op: Operation[Any], values: Mapping[str, Any]) -> None:
    for param in op.deprecated_params:
        value = values.get(param.key)
        if value is not None and not isinstance(value, NotGiven):
            warnings.warn(
                f"parameter {param.name!r} is deprecated", DeprecationWarning, stacklevel=4
            )


def send(
    http: httpx.Client,
    config: ClientConfig,
    op: Operation[Any],
    values: Mapping[str, Any],
    body: Any,
    method: str | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, object] | None,
    timeout: Timeout | NotGiven,
    max_retries: int | None,
    idempotent: bool | None,
) -> tuple[httpx.Response, int]:
    """Send with retries; the final response and how many retries it took."""
    limits = _limits(config, timeout)
    retries: _Retries | None = None
    attempt = 0
    while True:
        attempt += 1
        prepared = build_request(config, op, values, body, method, extra_headers, extra_query)
        request = to_httpx(http, prepared, limits)
        if prepared.sign:
            _sign(config, prepared, request)
        # DEBUG implies INFO: one look at the level while logging is off
        logging_on = log.isEnabledFor(logging.INFO)
        if logging_on:
            _debug(request)
        started = time.monotonic()
        deadline = None if limits.total is None else started + limits.total
        reset = DEADLINE.set(deadline)
        try:
            response = http.send(request, stream=True)
            try:
                read_body(response, config.max_response_size, deadline)
            finally:
                response.close()
        except httpx.TransportError as exc:
            retries = retries or _Retries(config, idempotent, max_retries)
            delay = retries.failed(request, exc, started, attempt)
        else:
            if not logging_on and response.status_code not in RETRY_STATUSES:
                return response, attempt - 1  # the common case: a final answer
            retries = retries or _Retries(config, idempotent, max_retries)
            delay = retries.answered(request, response, started, attempt)
            if delay < 0:
                return response, attempt - 1
        finally:
            DEADLINE.reset(reset)
        time.sleep(delay)


async def send_async(
    http: httpx.AsyncClient,
    config: ClientConfig,
    op: Operation[Any],
    values: Mapping[str, Any],
    body: Any,
    method: str | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, object] | None,
    timeout: Timeout | NotGiven,
    max_retries: int | None,
    idempotent: bool | None,
) -> tuple[httpx.Response, int]:
    """Send with retries; the final response and how many retries it took."""
    limits = _limits(config, timeout)
    retries: _Retries | None = None
    attempt = 0
    while True:
        attempt += 1
        prepared = build_request(config, op, values, body, method, extra_headers, extra_query)
        request = to_httpx(http, prepared, limits)
        if prepared.sign:
            await _sign_async(config, prepared, request)
        logging_on = log.isEnabledFor(logging.INFO)
        if logging_on:
            _debug(request)
        started = time.monotonic()
        deadline = None if limits.total is None else started + limits.total
        reset = DEADLINE.set(deadline)
        try:
            response = await http.send(request, stream=True)
            try:
                await aread_body(response, config.max_response_size, deadline)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            retries = retries or _Retries(config, idempotent, max_retries)
            delay = retries.failed(request, exc, started, attempt)
        else:
            if not logging_on and response.status_code not in RETRY_STATUSES:
                return response, attempt - 1
            retries = retries or _Retries(config, idempotent, max_retries)
            delay = retries.answered(request, response, started, attempt)
            if delay < 0:
                return response, attempt - 1
        finally:
            DEADLINE.reset(reset)
        import asyncio  # loaded already: this runs in an event loop

        await asyncio.sleep(delay)


def _sign(config: ClientConfig, prepared: PreparedRequest, request: httpx.Request) -> None:
    if config.signer is not None:
        frozen = config.signer.frozen_credentials(required=prepared.sign_required)
        if frozen is not None:
            config.signer.sign(request, frozen)


async def _sign_async(
    config: ClientConfig, prepared: PreparedRequest, request: httpx.Request
) -> None:
    """`_sign`, looking credentials up in a thread when that may block (files, STS, IMDS)."""
    signer = config.signer
    if signer is not None:
        required = prepared.sign_required
        if signer.may_block():
            import asyncio  # loaded already: this runs in an event loop

            frozen = await asyncio.to_thread(signer.frozen_credentials, required=required)
        else:
            frozen = signer.frozen_credentials(required=required)
        if frozen is not None:
            signer.sign(request, frozen)


def _result(op: Operation[T], response: httpx.Response, retries: int, raw: bool) -> T:
    if not 200 <= response.status_code < 300:
        raise make_status_error(op, response)
    if raw:
        return RawResponse(response, op, retries)  # type: ignore[return-value]
    return parse_response(op, response)


class _ClientBase:
    """What both bases share: configuration, repr, options."""

    _config: ClientConfig
    _owns_http: bool

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def stage(self) -> str | None:
        """The stage the base URL points at, when it comes from the document."""
        return self._config.stage

    def _with_config(self, config: ClientConfig) -> Self:
        """A copy with ``config``, sharing this client's connection pool."""
        copy = type(self).__new__(type(self))
        copy._config = config
        copy._http_client = self._http  # type: ignore[attr-defined]
        copy._owns_http = False
        return copy

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
        max_response_size: int | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed (``headers`` are added to the current ones).

        The copy shares this client's connection pool; closing it leaves the pool open.
        """
        return self._with_config(
            self._config.with_options(
                base_url=base_url,
                stage=stage,
                api_key=api_key,
                token=token,
                headers=headers,
                timeout=timeout,
                max_retries=max_retries,
                retry_non_idempotent=retry_non_idempotent,
                max_response_size=max_response_size,
            )
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class SyncAPIClient(_ClientBase):
    """Base of a generated ``Client``: the connection pool (created on first use, closed with
    the client unless it was given), ``with_options`` and ``with`` blocks."""

    def __init__(self, config: ClientConfig, http_client: httpx.Client | None) -> None:
        self._config = config
        self._owns_http = http_client is None
        self._http_client = http_client

    @property
    def _http(self) -> httpx.Client:
        """The connection pool, created on first use (its SSL context takes tens of ms)."""
        http = self._http_client
        if http is None:
            with _HTTP_LOCK:
                if self._http_client is None:
                    self._http_client = new_client()
                http = self._http_client
        return http

    def close(self) -> None:
        """Close the HTTP connection pool (only if this client created it)."""
        if self._owns_http and self._http_client is not None:
            self._http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _request(
        self,
        op: Operation[T],
        values: Mapping[str, Any],
        *,
        body: Any = None,
        method: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        idempotent: bool | None = None,
    ) -> T:
        """Send one operation; its parsed result (a `RawResponse` under
        ``with_raw_response``)."""
        if op.deprecated_params:
            _warn_deprecated(op, values)
        raw = RAW_RESPONSE.get()
        reset = RAW_RESPONSE.set(False) if raw else None  # not for calls a token callable makes
        try:
            response, retries = send(
                self._http,
                self._config,
                op,
                values,
                body,
                method,
                extra_headers,
                extra_query,
                timeout,
                max_retries,
                idempotent,
            )
        finally:
            if reset is not None:
                RAW_RESPONSE.reset(reset)
        return _result(op, response, retries, raw)

    def _request_page(
        self, op: Operation[Any], values: Mapping[str, Any], **options: Any
    ) -> SyncPage[Any]:
        """The first page of a paginated operation; iterating it fetches the next ones."""
        from ._pagination import SyncPage

        return SyncPage.first(self, op, dict(values), options)


class AsyncAPIClient(_ClientBase):
    """Base of a generated ``AsyncClient``; the same as `SyncAPIClient`, awaited."""

    def __init__(self, config: ClientConfig, http_client: httpx.AsyncClient | None) -> None:
        self._config = config
        self._owns_http = http_client is None
        self._http_client = http_client

    @property
    def _http(self) -> httpx.AsyncClient:
        """The connection pool, created on first use (its SSL context takes tens of ms)."""
        http = self._http_client
        if http is None:
            with _HTTP_LOCK:
                if self._http_client is None:
                    self._http_client = new_async_client()
                http = self._http_client
        return http

    async def close(self) -> None:
        """Close the HTTP connection pool (only if this client created it)."""
        if self._owns_http and self._http_client is not None:
            await self._http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _request(
        self,
        op: Operation[T],
        values: Mapping[str, Any],
        *,
        body: Any = None,
        method: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        idempotent: bool | None = None,
    ) -> T:
        """Send one operation; its parsed result (a `RawResponse` under
        ``with_raw_response``)."""
        if op.deprecated_params:
            _warn_deprecated(op, values)
        raw = RAW_RESPONSE.get()
        reset = RAW_RESPONSE.set(False) if raw else None
        try:
            response, retries = await send_async(
                self._http,
                self._config,
                op,
                values,
                body,
                method,
                extra_headers,
                extra_query,
                timeout,
                max_retries,
                idempotent,
            )
        finally:
            if reset is not None:
                RAW_RESPONSE.reset(reset)
        return _result(op, response, retries, raw)

    def _request_page(
        self, op: Operation[Any], values: Mapping[str, Any], **options: Any
    ) -> AsyncPaginator[Any]:
        """The pages of a paginated operation: ``await`` it for the first page, or
        ``async for`` over it for the items of every page (fetched as needed)."""
        from ._pagination import AsyncPaginator

        return AsyncPaginator(self, op, dict(values), options)


R = TypeVar("R")


class resource_property(cached_property[R]):
    """A client's resource: created on first use, then kept. A data descriptor, so that
    ``help(client)`` lists each resource with its docstring."""

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError(f"{self.attrname} is read-only")


class SyncAPIResource:
    """Base of a generated resource: the operations of one resource, on a `SyncAPIClient`."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of a generated async resource, on an `AsyncAPIClient`."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
