"""Header sets: replacing by name in any case, and the headers every request of a client
shares, merged with an httpx client's defaults once instead of on every call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx


def put_header(headers: dict[str, str], name: str, value: str) -> None:
    """Set header ``name``, replacing one of the same name in another case."""
    if name not in headers:
        lowered = name.lower()
        for key in headers:
            if key.lower() == lowered:
                del headers[key]
                break
    headers[name] = value


def merge_headers(
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


# httpx keeps a Headers' items in ``_list`` (0.27, 0.28), a tuple replaced on every change:
# a copy of that list tells cheaply whether a client's defaults changed since the last call.
_ITEMS = isinstance(getattr(httpx.Headers(), "_list", None), list)


class CommonHeaders:
    """The headers of every request of a client for one ``Accept``: User-Agent, Accept and the
    configured headers (which replace the first two, in any case).

    `merged_with` puts them over an httpx client's default headers once (httpx would merge
    them into a copy of the client's on every call), again only when those defaults change.
    """

    __slots__ = ("_merged", "headers")

    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers
        self._merged: tuple[list[Any], httpx.Headers] | None = None

    def merged_with(self, defaults: httpx.Headers) -> httpx.Headers:
        """``defaults`` with these headers in place of theirs of the same names. Shared
        between requests: ``httpx.Request`` copies the headers it is given."""
        items: list[Any] = defaults._list if _ITEMS else defaults.raw
        merged = self._merged
        if merged is None or merged[0] != items:
            merged = (list(items), httpx.Headers(merge_headers(defaults.raw, self.headers)))
            self._merged = merged
        return merged[1]
