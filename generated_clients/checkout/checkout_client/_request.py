"""From a call's arguments to the ``httpx.Request`` that is sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ._auth import apply_auth
from ._config import ClientConfig
from ._exceptions import InvalidRequestError
from ._headers import CommonHeaders, merge_headers, put_header
from ._operation import Operation
from ._serialize import (
    build_path,
    check_header_value,
    cookie_pairs,
    extra_query_pairs,
    form_body,
    header_text,
    json_body,
    multipart_parts,
    query_pairs,
    query_part,
)
from ._types import AttemptLimits, NotGiven


class PreparedRequest:
    """What one attempt sends, before it becomes an ``httpx.Request`` (slotted: one is made
    per attempt)."""

    __slots__ = (
        "common",
        "content",
        "files",
        "headers",
        "method",
        "parsed_url",
        "query",
        "sign",
        "sign_required",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,  # without the query string
        query: list[str],  # encoded ``name=value`` pairs
        common: CommonHeaders,  # User-Agent, Accept, configured headers
        # this request's own, replacing common ones: parameters, credentials, body type, extra
        headers: dict[str, str],
    ) -> None:
        self.method = method
        self.url = url
        self.query = query
        self.common = common
        self.headers = headers
        self.content: bytes | None = None
        self.files: Any = None
        self.sign = False  # an alternative of the operation's security names SigV4
        self.sign_required = False  # every alternative does
        self.parsed_url: httpx.URL | None = None  # ``url``, parsed once per operation

    def full_url(self) -> str:
        return f"{self.url}?{'&'.join(self.query)}" if self.query else self.url

    def all_headers(self) -> dict[str, str]:
        """Every header this client sets on the request (not httpx's defaults)."""
        headers = dict(self.common.headers)
        for name, value in self.headers.items():
            put_header(headers, name, value)
        return headers

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (any case) this client sets, if it does."""
        lowered = name.lower()
        for source in (self.headers, self.common.headers):
            for key, value in source.items():
                if key.lower() == lowered:
                    return value
        return None

    def set_header(self, name: str, value: str) -> None:
        put_header(self.headers, name, value)


def _given(value: object, nullable: bool) -> bool:
    """Whether a parameter value is sent: not `NOT_GIVEN`; ``None`` only where nullable."""
    if value is None:
        return nullable
    return not isinstance(value, NotGiven)


def build_request(
    config: ClientConfig,
    op: Operation[Any],
    values: Mapping[str, Any],
    body: Any,
    method: str | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, object] | None,
) -> PreparedRequest:
    path = build_path(op.path, op.params, values) if op.has_path_params else op.path
    query: list[str] = []
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for param in op.params:
        location = param.location
        if location == "path":
            continue
        value = values.get(param.key)
        if not _given(value, param.nullable):
            continue
        if location == "query":
            query_pairs(param, value, query)
        elif location == "header":
            put_header(headers, param.name, header_text(param, value))
        elif location == "cookie":
            cookies.extend(cookie_pairs(param, value))
    if cookies:
        put_header(headers, "Cookie", "; ".join(cookies))
    if extra_query:
        extra_query_pairs(extra_query, query)
    request = PreparedRequest(
        method or op.method,
        config.base_url + path,
        query,
        config.common_headers(op.accept),
        headers,
    )
    if not op.has_path_params and not query:
        request.parsed_url = _constant_url(op, config.base_url, request.url)
    if op.security:
        apply_auth(config, op, request)
    if op.body_kind is not None and body is not None and not isinstance(body, NotGiven):
        _apply_body(op, body, request)
    if extra_headers:
        for name, value in extra_headers.items():
            check_header_value(name, value)
            put_header(request.headers, name, value)
    return request


_MAX_URLS = 8  # base URLs an operation keeps its parsed URL for (a program may use many)


def _constant_url(op: Operation[Any], base_url: str, url: str) -> httpx.URL:
    """The parsed ``url`` of an operation without path parameters: parsing is a good part of
    what a request costs, and this URL is the same on every call."""
    parsed: httpx.URL | None = op.urls.get(base_url)
    if parsed is None:
        parsed = httpx.URL(url)
        if len(op.urls) < _MAX_URLS:
            op.urls[base_url] = parsed
    return parsed


def _apply_body(op: Operation[Any], body: Any, request: PreparedRequest) -> None:
    media_type = op.body_media_type or "application/json"
    kind = op.body_kind
    if kind == "json":
        request.content = json_body(body)
        content_type = media_type if "json" in media_type else "application/json"
    elif kind == "form":
        request.content = form_body(body, op.body_encoding)
        content_type = "application/x-www-form-urlencoded"
    elif kind == "multipart":
        request.files = multipart_parts(body, op.body_encoding)
        return  # httpx sets the content type with its boundary
    elif kind == "binary":
        if not isinstance(body, (bytes, bytearray, memoryview)):
            raise InvalidRequestError("this operation's body is binary: pass bytes")
        request.content = bytes(body)
        content_type = media_type if "*" not in media_type else "application/octet-stream"
    else:
        request.content = str(body).encode()
        content_type = media_type
    put_header(request.headers, "Content-Type", content_type)


_PLAIN_CLIENTS = (httpx.Client, httpx.AsyncClient)


def to_httpx(
    client: httpx.Client | httpx.AsyncClient, prepared: PreparedRequest, limits: AttemptLimits
) -> httpx.Request:
    """The ``httpx.Request`` ``client.build_request`` makes of ``prepared``: the client's
    default headers, each header we set replacing the client's of that name; the client's
    own query parameters first, the operation's replacing those of the same name.

    A client with cookies, a relative URL (for the client's ``base_url``) or a subclass of
    httpx's clients goes through ``build_request`` itself.
    """
    if client.params:
        prepared.query = _merged_query(client.params, prepared.query)
    url = prepared.full_url()
    if (
        type(client) in _PLAIN_CLIENTS
        and url.startswith(("https://", "http://"))
        and not client.cookies
    ):
        common = prepared.common.merged_with(client.headers)
        parsed = prepared.parsed_url
        return httpx.Request(
            prepared.method,
            parsed if parsed is not None and not prepared.query else url,
            headers=merge_headers(common.raw, prepared.headers) if prepared.headers else common,
            content=prepared.content,
            files=prepared.files,
            extensions={"timeout": limits.extension.copy()},
        )
    request = client.build_request(
        prepared.method,
        url,
        headers=prepared.all_headers(),
        content=prepared.content,
        files=prepared.files,
        timeout=limits.timeout,
    )
    if client.params:  # build_request replaces the URL's query with the client's params
        request.url = request.url.copy_with(query=httpx.URL(url).query)
    return request


def _merged_query(defaults: httpx.QueryParams, query: list[str]) -> list[str]:
    ours = {pair.partition("=")[0] for pair in query}
    kept = [
        f"{query_part(k)}={query_part(v)}"
        for k, v in defaults.multi_items()
        if query_part(k) not in ours
    ]
    return kept + query
