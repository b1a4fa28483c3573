"""Paginated operations, every pattern, sync and async, against a real local server.

One document declares a list operation per pattern (``nextToken``, ``cursor`` in ``meta``,
DynamoDB's ``LastEvaluatedKey``, page numbers, offsets, ``nextLink`` URLs, and one declared in
configuration); the server holds five items and answers two per page. Iterating the first page
(``for``, or ``async for`` straight on the async method, without ``await``) yields every item;
``await`` gives the first page; nothing is fetched before it is needed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs

import pytest

from generator.overrides import NO_OVERRIDES, parse_pagination, with_pagination
from generator.pipeline import generate
from tests.support.fault_server import FaultServer, Received, Reply
from tests.support.generated import GeneratedClient, Package, imported

IDS = ["a", "b", "c", "d", "e"]
SIZE = 2
ITEM = {"$ref": "#/components/schemas/Item"}


def _get(parameters: list[dict[str, Any]], schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "a page",
                    "content": {"application/json": {"schema": schema}},
                }
            },
        }
    }


def _query(name: str, type_: str = "string", **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": type_, **schema}}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


ITEMS = {"type": "array", "items": ITEM}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "pages", "version": "1"},
    "servers": [{"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"}],
    "paths": {
        "/tokens": _get(
            [_query("nextToken"), _query("limit", "integer")],
            _object(items=ITEMS, nextToken={"type": "string", "nullable": True}),
        ),
        "/cursors": _get(
            [_query("cursor")], _object(data=ITEMS, meta=_object(next_cursor={"type": "string"}))
        ),
        "/keys": _get(
            [_query("ExclusiveStartKey")],
            _object(
                Items=ITEMS,
                LastEvaluatedKey=_object(id={"type": "string"}),
                Count={"type": "integer"},
            ),
        ),
        "/pages": _get(
            [_query("page", "integer", minimum=1), _query("pageSize", "integer")], ITEMS
        ),
        "/offsets": _get(
            [_query("offset", "integer"), _query("limit", "integer")],
            _object(results=ITEMS, total={"type": "integer"}),
        ),
        "/links": _get([_query("skiptoken")], _object(value=ITEMS, nextLink={"type": "string"})),
        "/declared": _get(
            [_query("after")],
            _object(entries=ITEMS, results=ITEMS, more=_object(last={"type": "string"})),
        ),
    },
    "components": {"schemas": {"Item": _object(id={"type": "string"})}},
}
DECLARED = {
    "GET /declared": {"kind": "cursor", "param": "after", "next": "more.last", "items": "entries"}
}


def _slice(start: int) -> tuple[list[dict[str, str]], int | None]:
    items = [{"id": i} for i in IDS[start : start + SIZE]]
    following = start + SIZE
    return items, following if following < len(IDS) else None


class Pages:
    """The server side of every pattern: five items, two a page."""

    def __init__(self) -> None:
        self.server = FaultServer(self.answer)
        self.link_path = "/prod/links"  # where nextLink points (another path: refused)

    def answer(self, request: Received) -> Reply:
        query = {k: v[0] for k, v in parse_qs(request.raw_query, keep_blank_values=True).items()}
        path = request.path.removeprefix("/prod")
        if path == "/tokens":
            items, following = _slice(int(query.get("nextToken", "0")))
            return Reply(
                200, {"items": items, "nextToken": None if following is None else str(following)}
            )
        if path == "/cursors":
            items, following = _slice(int(query.get("cursor", "0")))
            meta = {} if following is None else {"next_cursor": str(following)}
            return Reply(200, {"data": items, "meta": meta})
        if path == "/keys":
            start = 0
            if "ExclusiveStartKey" in query:
                start = IDS.index(json.loads(query["ExclusiveStartKey"])["id"]) + 1
            items, following = _slice(start)
            body: dict[str, Any] = {"Items": items, "Count": len(items)}
            if following is not None:
                body["LastEvaluatedKey"] = {"id": items[-1]["id"]}
            return Reply(200, body)
        if path == "/pages":
            page = int(query.get("page", "1"))
            return Reply(200, _slice((page - 1) * SIZE)[0])
        if path == "/offsets":
            return Reply(200, {"results": _slice(int(query.get("offset", "0")))[0], "total": 5})
        if path == "/links":
            items, following = _slice(int(query.get("skiptoken", "0")))
            body = {"value": items}
            if following is not None:
                body["nextLink"] = f"{self.server.url(self.link_path)}?skiptoken={following}"
            return Reply(200, body)
        if path == "/declared":
            items, following = _slice(int(query.get("after", "0")))
            more = {} if following is None else {"last": str(following)}
            return Reply(200, {"entries": items, "results": [], "more": more})
        return Reply(404, {"message": "no such path"})


@pytest.fixture(scope="module")
def pages_project(tmp_path_factory: pytest.TempPathFactory) -> GeneratedClient:
    tmp = tmp_path_factory.mktemp("pages")
    spec = tmp / "pages.json"
    spec.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    project = tmp / "pages"
    overrides = with_pagination(NO_OVERRIDES, parse_pagination(DECLARED, "test"), "test")
    generate(spec, project, name="pages-client", overrides=overrides)
    manifest = json.loads((project / "pages_client" / "manifest.json").read_text("utf-8"))
    return GeneratedClient(cast(Any, "pages"), project, "pages_client", manifest)


@pytest.fixture(scope="module")
def pages(pages_project: GeneratedClient) -> Iterator[Package]:
    with imported({cast(Any, "pages"): pages_project}) as packages:
        yield packages[cast(Any, "pages")]


@pytest.fixture
def server() -> Iterator[Pages]:
    state = Pages()
    with state.server:
        yield state


PATHS = ["/tokens", "/cursors", "/keys", "/pages", "/offsets", "/links", "/declared"]


def test_every_list_operation_is_detected_as_paginated(pages_project: GeneratedClient) -> None:
    for path in PATHS:
        op = pages_project.operation("GET", path)
        assert op.python_name == "list", path
    declared = {
        "keys": 'Pagination("key","ExclusiveStartKey",("Items",),("LastEvaluatedKey",)',
        "cursors": 'Pagination("cursor","cursor",("data",),("meta","next_cursor")',
        "pages": 'Pagination("page","page",())',
        "links": 'Pagination("url",None,("value",),("nextLink",))',
    }
    for module, text in declared.items():
        source = (pages_project.package_dir / "resources" / f"{module}.py").read_text()
        assert text in "".join(source.split()), module


@pytest.mark.parametrize("path", PATHS)
def test_sync_iterates_items_across_pages_lazily(pages: Package, server: Pages, path: str) -> None:
    client = pages.module.Client(base_url=server.server.url("/prod"), max_retries=0)
    method = pages.operation("GET", path).bound(client)
    page = method()
    assert len(server.server.requests) == 1  # the first page only
    assert [i.id for i in page.items] == ["a", "b"]
    assert page.has_next_page()
    seen = [item.id for item in page]
    assert seen == IDS
    pages_sent = 3 if path not in ("/pages", "/offsets") else 4  # numbers stop at an empty page
    assert len(server.server.requests) == pages_sent
    assert [len(p.items) for p in method().iter_pages()][:3] == [2, 2, 1]


@pytest.mark.parametrize("path", PATHS)
def test_async_for_without_await_and_await_for_the_first_page(
    pages: Package, server: Pages, path: str
) -> None:
    async def run() -> tuple[list[str], list[str], int]:
        client = pages.module.AsyncClient(base_url=server.server.url("/prod"), max_retries=0)
        method = pages.operation("GET", path).bound(client)
        paginator = method()
        before = len(server.server.requests)
        ids = [item.id async for item in paginator]
        first = await method()
        await client.close()
        return ids, [i.id for i in first.items], before

    ids, first, before = asyncio.run(run())
    assert before == 0  # calling the method sends nothing yet
    assert ids == IDS
    assert first == ["a", "b"]


def test_the_page_keeps_the_response_and_the_query_sent(pages: Package, server: Pages) -> None:
    client = pages.module.Client(base_url=server.server.url("/prod"), max_retries=0)
    page = pages.operation("GET", "/tokens").bound(client)(limit=2)
    assert page.response.nextToken == "2"
    list(page)
    assert [r.raw_query for r in server.server.requests] == [
        "limit=2",
        "nextToken=2&limit=2",  # the document's order of parameters
        "nextToken=4&limit=2",
    ]
    client = pages.module.Client(base_url=server.server.url("/prod"), max_retries=0)
    list(pages.operation("GET", "/keys").bound(client)())
    assert server.server.requests[-1].raw_query == "ExclusiveStartKey=%7B%22id%22%3A%22d%22%7D"


def test_a_next_link_off_the_operations_path_is_not_followed(pages: Package, server: Pages) -> None:
    server.link_path = "/prod/elsewhere"
    client = pages.module.Client(base_url=server.server.url("/prod"), max_retries=0)
    page = pages.operation("GET", "/links").bound(client)()
    with pytest.raises(pages.module.InvalidRequestError, match="not on this operation's path"):
        page.get_next_page()
    assert len(server.server.requests) == 1


def test_raw_responses_of_paginated_operations(pages: Package, server: Pages) -> None:
    client = pages.module.Client(base_url=server.server.url("/prod"), max_retries=0)
    resource = client.tokens
    raw = resource.with_raw_response.list()
    assert raw.status_code == 200
    assert [i.id for i in raw.parse()] == IDS

    async def run() -> int:
        async with pages.module.AsyncClient(
            base_url=server.server.url("/prod"), max_retries=0
        ) as c:
            raw = await c.tokens.with_raw_response.list()
            return (
                len((await raw.parse()).items)
                if asyncio.iscoroutine(raw.parse())
                else len(raw.parse().items)
            )

    assert asyncio.run(run()) == 2


def test_declared_pagination_is_checked_against_the_document(tmp_path: Path) -> None:
    from generator.errors import UsageError

    spec = tmp_path / "pages.json"
    spec.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    for entry, message in [
        ({"GET /nowhere": {"kind": "page", "param": "page"}}, "matches no operation"),
        (
            {"GET /declared": {"kind": "cursor", "param": "before", "next": "more.last"}},
            "no query parameter 'before'",
        ),
        (
            {
                "GET /declared": {
                    "kind": "cursor",
                    "param": "after",
                    "next": "more.first",
                    "items": "entries",
                }
            },
            "no member 'more.first'",
        ),
        (
            {"GET /declared": {"kind": "cursor", "param": "after", "next": "more.last"}},
            "say which response member",
        ),
        (
            {
                "GET /declared": {
                    "kind": "cursor",
                    "param": "after",
                    "next": "more.last",
                    "items": "more",
                }
            },
            "is not a list",
        ),
    ]:
        overrides = with_pagination(
            NO_OVERRIDES, parse_pagination(entry, "pagination"), "pagination"
        )
        with pytest.raises(UsageError, match=message):
            generate(spec, tmp_path / "out", name="pages-client", overrides=overrides)
        assert not (tmp_path / "out").exists()
    off = with_pagination(
        NO_OVERRIDES, parse_pagination({"GET /tokens": False}, "pagination"), "pagination"
    )
    generate(spec, tmp_path / "out", name="pages-client", overrides=off)
    source = (tmp_path / "out" / "pages_client" / "resources" / "tokens.py").read_text()
    assert "Pagination(" not in source
