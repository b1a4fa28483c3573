"""A small real HTTP server on 127.0.0.1 that misbehaves on request, for client runtime tests.

``FaultServer`` answers each request with the next scripted action, else with its ``default``
handler (an echo of the request as JSON). Actions:

* ``Reply(status, body, headers)``: an answer (a dict/list body is sent as JSON);
* ``Reset()``: read the request, then close the socket without answering (RST);
* ``Delay(seconds, reply)``: wait, then answer (for client timeouts).

Every request is recorded (``requests``) with its arrival time on ``time.monotonic()``, so tests
can assert attempt counts and the delays between retries.

Usage::

    with FaultServer() as srv:
        srv.enqueue(Reply(503), Reset())
        httpx.get(srv.url("/prod/items"))
        srv.requests[0].path
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import socketserver
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import parse_qs, urlsplit

__all__ = ["Delay", "FaultServer", "Received", "Reply", "Reset", "echo"]

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One request as the server read it."""

    method: str
    #: The raw (still percent-encoded) path, e.g. ``/prod/items/a%20b``.
    path: str
    #: The raw query string (``""`` when there is none).
    raw_query: str
    #: Header names lower-cased; repeated headers joined with ``", "``.
    headers: dict[str, str]
    body: bytes
    #: ``time.monotonic()`` when the request had been read.
    at: float

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.raw_query, keep_blank_values=True)

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None  # bytes, str, or anything JSON
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reset:
    """Close the connection without answering."""


@dataclass(frozen=True)
class Delay:
    seconds: float
    reply: Reply = field(default_factory=lambda: Reply(200, {"slow": True}))


Action = Reply | Reset | Delay


def echo(request: Received) -> Reply:
    """The default answer: what was received, as JSON."""
    return Reply(
        200,
        {
            "method": request.method,
            "path": request.path,
            "query": request.raw_query,
            "headers": request.headers,
            "body": request.body.decode("utf-8", "replace"),
        },
    )


class FaultServer:
    """A threaded HTTP/1.1 server on a free 127.0.0.1 port, in a background thread."""

    def __init__(self, default: Callable[[Received], Reply] = echo) -> None:
        self.default = default
        self.requests: list[Received] = []
        self._actions: deque[Action] = deque()
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --

    def start(self) -> Self:
        httpd = _HTTPServer(self)
        thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        thread.start()
        self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses --

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "") -> str:
        return self.root_url + path

    # -- scripting --

    def enqueue(self, *actions: Action) -> None:
        """Answer the next requests with ``actions``, in order, before the default handler."""
        with self._lock:
            self._actions.extend(actions)

    def _next(self, request: Received) -> Action:
        with self._lock:
            self.requests.append(request)
            if self._actions:
                return self._actions.popleft()
        return self.default(request)

    @property
    def last(self) -> Received:
        with self._lock:
            return self.requests[-1]

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests' arrivals."""
        with self._lock:
            times = [r.at for r in self.requests]
        return [b - a for a, b in itertools.pairwise(times)]


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: FaultServer) -> None:
        self.owner = owner
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((HOST, 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind() calls socket.getfqdn(), which can wait on DNS; skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up (timeouts) are expected here

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FaultServer/1.0"
    sys_version = ""
    timeout = 30
    disable_nagle_algorithm = True

    def _dispatch(self) -> None:
        owner = cast(_HTTPServer, self.server).owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        parts = urlsplit(self.path)
        request = Received(self.command, parts.path, parts.query, headers, body, time.monotonic())
        action = owner._next(request)
        if isinstance(action, Reset):
            self.close_connection = True
            # SO_LINGER 0: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if isinstance(action, Delay):
            time.sleep(action.seconds)
            action = action.reply
        self._reply(action)

    def _reply(self, reply: Reply) -> None:
        body = reply.body
        content_type = None
        if body is None:
            data = b""
        elif isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data, content_type = body.encode(), "text/plain; charset=utf-8"
        else:
            data, content_type = json.dumps(body).encode(), "application/json"
        headers = {k.lower(): v for k, v in reply.headers.items()}
        if content_type and "content-type" not in headers:
            headers["content-type"] = content_type
        try:
            self.send_response(reply.status)
            self.send_header("x-amzn-RequestId", f"req-{time.monotonic_ns()}")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client gave up (timeout)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        pass
