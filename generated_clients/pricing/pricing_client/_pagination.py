"""Pages of paginated operations: iterate items across pages lazily, or page by page.

``for order in client.orders.list_orders(): ...`` fetches the next page only when the items
of the current one are used up; ``async for`` does the same on an `AsyncPage`. Each page keeps
the parsed response (``page.response``) and its ``items``; ``has_next_page()``,
``get_next_page()`` and ``iter_pages()`` go page by page.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._operation import Operation, Pagination
from ._response import RAW_RESPONSE, RawResponse
from ._serialize import jsonable

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

ItemT = TypeVar("ItemT")


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


class _PageBase(Generic[ItemT]):
    def __init__(
        self,
        op: Operation[Any],
        values: dict[str, Any],
        options: dict[str, Any],
        response: Any,
    ) -> None:
        assert op.pagination is not None
        self._op = op
        self._strategy: Pagination = op.pagination
        self._values = values
        self._options = options
        self.response = response  # the parsed page, as the operation declares it
        items = field_of(response, self._strategy.items_field)
        self.items: list[ItemT] = list(items) if items else []

    def next_value(self) -> Any:
        """What the next request puts in the pagination parameter; None on the last page."""
        strategy = self._strategy
        current = self._values.get(strategy.request_param)
        if strategy.kind == "page":
            if not self.items:
                return None
            number = current if isinstance(current, int) else 1
            return number + 1
        token = field_of(self.response, strategy.next_field or "")
        if token is None or token in ("", {}, []):
            return None
        if strategy.kind == "key" and not isinstance(token, str):
            token = json.dumps(jsonable(token), separators=(",", ":"), sort_keys=True)
        if token == current:  # a server repeating its token would loop forever
            return None
        return token

    def has_next_page(self) -> bool:
        return self.next_value() is not None

    def _next_values(self) -> dict[str, Any]:
        values = dict(self._values)
        values[self._strategy.request_param] = self.next_value()
        return values

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
    ) -> None:
        super().__init__(op, values, options, response)
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
        if not self.has_next_page():
            raise RuntimeError("no next page: check has_next_page() first")
        values = self._next_values()
        result = self._client._request(self._op, values, **self._options)
        return SyncPage(self._client, self._op, values, self._options, result)

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
    ) -> None:
        super().__init__(op, values, options, response)
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
        if not self.has_next_page():
            raise RuntimeError("no next page: check has_next_page() first")
        values = self._next_values()
        result = await self._client._request(self._op, values, **self._options)
        return AsyncPage(self._client, self._op, values, self._options, result)

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
