"""Bounds on every attempt: an overall deadline (httpx's read timeout is per chunk, so a
server sending a byte now and then could hold a call forever) and a maximum body size.

The connection pools clients create get a network backend that shortens every socket
operation to the time left before the attempt's deadline (``DEADLINE``, set per attempt), so
a slow headers or body drip ends at the deadline. Bodies are read in chunks, counted against
``max_response_size`` and checked against the deadline between chunks, which also bounds
clients built on a user's own ``http_client`` (by at most one read timeout more). A body the
transport read before returning (a mock or in-memory transport) is only measured and checked.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Iterable
from typing import Any

import httpx

from ._exceptions import APIResponseValidationError, ResponseTooLargeError

DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "sdkgen_deadline", default=None
)
_MIN_WAIT = 0.001  # a socket timeout of 0 would mean non-blocking, not "time is up"


def _bounded(timeout: float | None) -> float | None:
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = max(deadline - time.monotonic(), _MIN_WAIT)
    return left if timeout is None or left < timeout else timeout


@functools.cache
def _backends() -> tuple[Any, Any]:
    """The network backend wrappers, defined on first use: httpx imports httpcore only when
    it creates a pool, and so does this module."""
    import httpcore

    class _Stream(httpcore.NetworkStream):
        def __init__(self, stream: httpcore.NetworkStream) -> None:
            self._stream = stream

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self._stream.read(max_bytes, _bounded(timeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._stream.write(buffer, _bounded(timeout))

        def close(self) -> None:
            self._stream.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> httpcore.NetworkStream:
            return _Stream(self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout)))

        def get_extra_info(self, info: str) -> Any:
            return self._stream.get_extra_info(info)

    class _Backend(httpcore.NetworkBackend):
        def __init__(self, backend: httpcore.NetworkBackend) -> None:
            self._backend = backend

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            stream = self._backend.connect_tcp(
                host, port, _bounded(timeout), local_address, socket_options
            )
            return _Stream(stream)

        def connect_unix_socket(
            self,
            path: str,
            timeout: float | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            return _Stream(
                self._backend.connect_unix_socket(path, _bounded(timeout), socket_options)
            )

        def sleep(self, seconds: float) -> None:
            self._backend.sleep(seconds)

    class _AsyncStream(httpcore.AsyncNetworkStream):
        def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
            self._stream = stream

        async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return await self._stream.read(max_bytes, _bounded(timeout))

        async def write(self, buffer: bytes, timeout: float | None = None) -> None:
            await self._stream.write(buffer, _bounded(timeout))

        async def aclose(self) -> None:
            await self._stream.aclose()

        async def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> httpcore.AsyncNetworkStream:
            stream = await self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout))
            return _AsyncStream(stream)

        def get_extra_info(self, info: str) -> Any:
            return self._stream.get_extra_info(info)

    class _AsyncBackend(httpcore.AsyncNetworkBackend):
        def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
            self._backend = backend

        async def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.AsyncNetworkStream:
            stream = await self._backend.connect_tcp(
                host, port, _bounded(timeout), local_address, socket_options
            )
            return _AsyncStream(stream)

        async def connect_unix_socket(
            self,
            path: str,
            timeout: float | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.AsyncNetworkStream:
            stream = await self._backend.connect_unix_socket(
                path, _bounded(timeout), socket_options
            )
            return _AsyncStream(stream)

        async def sleep(self, seconds: float) -> None:
            await self._backend.sleep(seconds)

    return _Backend, _AsyncBackend


def _bound_pool(transport: Any, wrap: Any) -> None:
    """Wrap the network backend of an httpx transport's connection pool (when httpx keeps it
    where 0.27 and 0.28 do; otherwise the deadline is checked between chunks only)."""
    pool: Any = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None and not isinstance(backend, _backends()):
        pool._network_backend = wrap(backend)


def new_client() -> httpx.Client:
    """The connection pool a client creates for itself: httpx's defaults, with deadlines."""
    client = httpx.Client()
    _bound_pool(getattr(client, "_transport", None), _backends()[0])
    return client


def new_async_client() -> httpx.AsyncClient:
    client = httpx.AsyncClient()
    _bound_pool(getattr(client, "_transport", None), _backends()[1])
    return client


def _too_large(response: httpx.Response, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the response body is larger than max_response_size ({limit} bytes)", response=response
    )


def _undecodable(response: httpx.Response) -> APIResponseValidationError:
    encoding = response.headers.get("content-encoding", "")
    return APIResponseValidationError(
        f"the response body cannot be decoded (Content-Encoding {encoding!r})", response=response
    )


def _time_up(response: httpx.Response, deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise httpx.ReadTimeout(
            "the response took longer than the timeout", request=response.request
        )


def _check_in_memory(response: httpx.Response, limit: int | None, deadline: float | None) -> None:
    """`read_body`'s checks of a body the transport read before returning it (a mock or an
    in-memory transport; one chunk): nothing left to stream, its size and the deadline count."""
    size = len(response._content)
    if limit is not None and size > limit:
        raise _too_large(response, limit)
    if size and deadline is not None and time.monotonic() > deadline:
        _time_up(response, deadline)


def read_body(response: httpx.Response, limit: int | None, deadline: float | None) -> None:
    """Read a streamed response's (decoded) body within ``limit`` bytes and the deadline
    (counted as it arrives: a ``Content-Length`` is not trusted, nor looked up per call)."""
    if response.is_stream_consumed and hasattr(response, "_content"):
        _check_in_memory(response, limit, deadline)
        return
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise _too_large(response, limit)
            chunks.append(chunk)
            _time_up(response, deadline)
    except httpx.DecodingError:
        raise _undecodable(response) from None
    response._content = b"".join(chunks)


async def aread_body(response: httpx.Response, limit: int | None, deadline: float | None) -> None:
    if response.is_stream_consumed and hasattr(response, "_content"):
        _check_in_memory(response, limit, deadline)
        return
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise _too_large(response, limit)
            chunks.append(chunk)
            _time_up(response, deadline)
    except httpx.DecodingError:
        raise _undecodable(response) from None
    response._content = b"".join(chunks)
