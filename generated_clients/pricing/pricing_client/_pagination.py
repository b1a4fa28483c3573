"""Pages of paginated operations: iterate items across pages lazily, or page by page.

``for order in client.orders.list(): ...`` fetches the next page only when the items of the
current one are used up. The async client's method returns an `AsyncPaginator`:
``async for order in client.orders.list(): ...`` does the same without an ``await``, and
``page = await client.orders.list()`` gives the first page. Each page keeps the parsed
response (``page.response``) and its ``items``; ``has_next_page()``, ``get_next_page()`` and
``iter_pages()`` go page by page.

How the next page is asked for is the operation's `Pagination`: a token, cursor or key from the
response sent back in a parameter, a page number or an offset that goes up, or the URL of the
next page (followed only on the operation's own path: its query string is sent, nothing else).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import unquote

from ._exceptions import InvalidRequestError
from ._operation import Operation, Pagination
from ._response import RAW_RESPONSE, RawResponse
from ._serialize import build_path, jsonable
from ._types import NOT_GIVEN

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

ItemT = TypeVar("ItemT")
_Request = tuple[dict[str, Any], dict[str, Any]]  # the values and options of a request


def field_of(value: Any, wire_name: str) -> Any:
    """A response field by its name in the document (a model's alias, or a mapping key)."""
    if isinstance(value, Mapping):
        return value.get(wire_name)
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        for name, info in fields.items():
            if (info.alias or name) == wire_name:
                return getattr(value, name)
        extra = getattr(value, "model_extra", None) or {}
        return extra.get(wire_name)
    return None


def value_at(value: Any, path: Sequence[str]) -> Any:
    """The member at ``path`` (wire names, outermost first); ``value`` itself for ``()``."""
    for name in path:
        if value is None:
            return None
        value = field_of(value, name)
    root = getattr(value, "root", None)  # a root model (a named array) holds its items
    return root if root is not None and not path else value


def _number(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


class _PageBase(Generic[ItemT]):
    def __init__(
        self,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
        response: Any,
        base_url: str,
        previous: list[Any] | None = None,
    ) -> None:
        assert op.pagination is not None
        self._op = op
        self._strategy: Pagination = op.pagination
        self._values = values
        self._options = options
        self._base_url = base_url
        self.response = response  # the parsed page, as the operation declares it
        items = value_at(response, self._strategy.items)
        self.items: list[ItemT] = list(items) if items else []
        # a server that ignores the page number or offset repeats its page: stop there
        self._repeated = previous is not None and self.items == previous

    def _next_request(self) -> _Request | None:
        """The values and options of the next page's request; None on the last page."""
        strategy = self._strategy
        values = dict(self._values)
        param = strategy.param or ""
        if strategy.kind in ("page", "offset"):
            if not self.items or self._repeated:
                return None
            if strategy.kind == "page":
                values[param] = _number(values.get(param), strategy.start) + 1
            else:
                values[param] = _number(values.get(param), 0) + len(self.items)
            return values, self._options
        token = value_at(self.response, strategy.next)
        if token is None or token in ("", {}, []):
            return None
        if strategy.kind == "url":
            return self._from_url(str(token))
        if strategy.kind == "key" and not isinstance(token, str):
            token = json.dumps(jsonable(token), separators=(",", ":"), sort_keys=True)
        if token == values.get(param):  # a server repeating its token would loop forever
            return None
        values[param] = token
        return values, self._options

    def _from_url(self, url: str) -> _Request:
        """The request of a next-page URL: the operation again, with the URL's query string.
        A URL leaving the operation's path (another host or path) is refused."""
        import httpx

        op = self._op
        path = build_path(op.path, op.params, self._values) if op.has_path_params else op.path
        expected = httpx.URL(self._base_url + path)
        target = expected.join(url)
        same = (target.scheme, target.host, target.port) == (
            expected.scheme,
            expected.host,
            expected.port,
        )
        if not same or unquote(target.path) != unquote(expected.path):
            raise InvalidRequestError(
                "the next page's URL is not on this operation's path; it is not followed"
            )
        values = {
            p.key: NOT_GIVEN if p.location == "query" else self._values.get(p.key)
            for p in op.params
        }
        query: dict[str, list[str]] = {}
        for name, value in target.params.multi_items():
            query.setdefault(name, []).append(value)
        return values, {**self._options, "extra_query": query}

    def has_next_page(self) -> bool:
        return self._next_request() is not None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.items)} next={self.has_next_page()}>"


class SyncPage(_PageBase[ItemT]):
    """One page of a paginated operation; iterating it yields the items of every page."""

    def __init__(
        self,
        client: SyncAPIClient,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
        response: Any,
        previous: list[Any] | None = None,
    ) -> None:
        super().__init__(op, values, options, response, client.base_url, previous)
        self._client = client

    @classmethod
    def first(
        cls,
        client: SyncAPIClient,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
    ) -> SyncPage[Any]:
        result = client._request(op, values, **options)
        if RAW_RESPONSE.get() and isinstance(result, RawResponse):
            page: Any = RawResponse(
                result.http_response,
                op,
                result.retries_taken,
                wrap=lambda parsed: cls(client, op, values, options, parsed),
            )
            return page  # type: ignore[no-any-return]
        return cls(client, op, values, options, result)

    def get_next_page(self) -> SyncPage[ItemT]:
        following = self._next_request()
        if following is None:
            raise RuntimeError("no next page: check has_next_page() first")
        values, options = following
        result = self._client._request(self._op, values, **options)
        return SyncPage(self._client, self._op, values, options, result, self.items)

    def iter_pages(self) -> Iterator[SyncPage[ItemT]]:
        page: SyncPage[ItemT] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_PageBase[ItemT]):
    """One page of a paginated operation; ``async for`` yields the items of every page."""

    def __init__(
        self,
        client: AsyncAPIClient,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
        response: Any,
        previous: list[Any] | None = None,
    ) -> None:
        super().__init__(op, values, options, response, client.base_url, previous)
        self._client = client

    @classmethod
    async def first(
        cls,
        client: AsyncAPIClient,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
    ) -> AsyncPage[Any]:
        result = await client._request(op, values, **options)
        if RAW_RESPONSE.get() and isinstance(result, RawResponse):
            page: Any = RawResponse(
                result.http_response,
                op,
                result.retries_taken,
                wrap=lambda parsed: cls(client, op, values, options, parsed),
            )
            return page  # type: ignore[no-any-return]
        return cls(client, op, values, options, result)

    async def get_next_page(self) -> AsyncPage[ItemT]:
        following = self._next_request()
        if following is None:
            raise RuntimeError("no next page: check has_next_page() first")
        values, options = following
        result = await self._client._request(self._op, values, **options)
        return AsyncPage(self._client, self._op, values, options, result, self.items)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[ItemT]]:
        page: AsyncPage[ItemT] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[ItemT]):
    """What an async client's paginated method returns, before any request is sent:
    ``await`` it for the first `AsyncPage`, or ``async for`` over it for the items of every
    page (each page fetched when the items before it are used up)."""

    def __init__(
        self,
        client: AsyncAPIClient,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
    ) -> None:
        self._client = client
        self._op = op
        self._values = values
        self._options = options

    def __await__(self) -> Generator[Any, None, AsyncPage[ItemT]]:
        first = AsyncPage.first(self._client, self._op, self._values, self._options)
        return first.__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page: AsyncPage[ItemT] = await self
        async for item in page:
            yield item

    def __repr__(self) -> str:
        return f"<AsyncPaginator {self._op.method} {self._op.path}>"
