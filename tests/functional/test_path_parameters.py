"""Path parameters are percent-encoded: a value never changes which path is requested.

Reserved characters (``/``, ``?``, ``=``, ``&``, ``#``) and spaces inside a value are encoded, so
``item/with/slashes`` stays one segment and ``?`` does not start a query. (sdkgen also refuses
values that would climb the path, ``..`` and the like; see tests/test_runtime_wire.py.)
``getItemDetail`` on ``/items/{item_id}/details/{detail_id}`` is ``client.items.details.get``:
the nested resource ``items.details``, the operationId's verb without the resource's noun.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.generated import Mode
from tests.support.inline import Client, generated_client

DOCUMENT = """
paths:
  "/items/{item_id}/details/{detail_id}":
    get:
      operationId: getItemDetail
      parameters:
        - {name: item_id, in: path, required: true, schema: {type: string}}
        - {name: detail_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: Success
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    tmp = tmp_path_factory.mktemp("path_parameters")
    with generated_client(tmp, DOCUMENT, name="opc_path_parameters") as c:
        yield c


def requested_path(client: Client, mode: Mode, item_id: str, detail_id: str) -> str:
    """The raw path a call sends (through a transport that records it and answers)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "test"})

    base = "https://api.example.test"
    if mode == "sync":
        with client.module.Client(
            base_url=base, http_client=httpx.Client(transport=httpx.MockTransport(answer))
        ) as api:
            assert api.items.details.get(item_id=item_id, detail_id=detail_id).id == "test"
    else:

        async def call() -> None:
            transport = httpx.MockTransport(answer)
            async with client.module.AsyncClient(
                base_url=base, http_client=httpx.AsyncClient(transport=transport)
            ) as api:
                result = await api.items.details.get(item_id=item_id, detail_id=detail_id)
                assert result.id == "test"

        import asyncio

        asyncio.run(call())
    (request,) = seen
    return request.url.raw_path.decode("ascii")


@pytest.mark.parametrize(
    ("item_id", "detail_id", "path"),
    [
        ("item123", "detail456", "/items/item123/details/detail456"),
        (
            "item/with/slashes",
            "detail?with=query&chars",
            "/items/item%2Fwith%2Fslashes/details/detail%3Fwith%3Dquery%26chars",
        ),
        (
            "item with spaces",
            "detail with spaces",
            "/items/item%20with%20spaces/details/detail%20with%20spaces",
        ),
        ("item#1", "detail#id", "/items/item%231/details/detail%23id"),
    ],
    ids=["plain", "reserved", "spaces", "hash"],
)
def test_path_parameters_are_encoded(
    client: Client, mode: Mode, item_id: str, detail_id: str, path: str
) -> None:
    assert requested_path(client, mode, item_id, detail_id) == path
