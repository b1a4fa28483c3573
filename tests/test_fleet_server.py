"""Tests of the fleet test server itself (tests/support/fleet_server.py), over real HTTP."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support.fleet_server import FleetServer, RecordedRequest

KEY = {"x-api-key": "test-key"}


def _client(srv: FleetServer, *, key: bool = True) -> httpx.Client:
    return httpx.Client(base_url=srv.base_url, headers=KEY if key else {}, timeout=5)


@pytest.fixture
def orders() -> Iterator[tuple[FleetServer, httpx.Client]]:
    with FleetServer("orders") as srv, _client(srv) as client:
        yield srv, client
        assert srv.errors == []


@pytest.fixture
def pricing() -> Iterator[tuple[FleetServer, httpx.Client]]:
    with FleetServer("pricing") as srv, _client(srv) as client:
        yield srv, client
        assert srv.errors == []


@pytest.fixture
def checkout() -> Iterator[tuple[FleetServer, httpx.Client]]:
    with FleetServer("checkout") as srv, _client(srv) as client:
        yield srv, client
        assert srv.errors == []


def _assert_message(response: httpx.Response, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    assert response.json() == {"message": message}


def _new_order(client: httpx.Client, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customerId": "cust-1",
        "currency": "EUR",
        "items": [
            {"sku": "WIDGET-1", "quantity": 2, "unitPrice": 9.99},
            {"sku": "GIZMO-3", "quantity": 1, "unitPrice": 3.75},
        ],
    }
    body.update(overrides)
    response = client.post("/orders", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


# ----------------------------------------------------------------------------- lifecycle


def test_base_url_has_stage_and_free_port() -> None:
    with FleetServer("orders") as a, FleetServer("orders") as b:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/prod", a.base_url)
        assert a.port != b.port
        assert a.base_url == f"{a.root_url}/prod"


def test_stop_closes_the_port_even_with_an_open_keep_alive_connection() -> None:
    srv = FleetServer("orders").start()
    client = _client(srv)
    assert client.get("/orders").status_code == 200  # leaves a pooled keep-alive connection
    base_url = srv.base_url
    srv.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base_url}/orders", headers=KEY, timeout=2)
    client.close()
    srv.stop()  # idempotent


def test_unknown_api_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown API"):
        FleetServer("inventory")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- gateway behaviour


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/prod/nope"),
        ("GET", "/orders"),  # no stage prefix
        ("GET", "/dev/orders"),  # another stage
        ("GET", "/prod"),  # the stage root has no method
        ("PATCH", "/prod/orders/ord-1"),  # known path, undeclared method
        ("OPTIONS", "/prod/orders"),
        ("GET", "/prod/orders/ord-1/items/itm-1"),  # only DELETE is declared there
    ],
)
def test_unknown_route_is_missing_authentication_token(method: str, path: str) -> None:
    with FleetServer("orders") as srv:
        # the key is irrelevant: API Gateway answers before looking at it
        response = httpx.request(method, srv.root_url + path, timeout=5)
    assert response.status_code == 403
    assert response.content == b'{"message":"Missing Authentication Token"}'
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert response.headers["content-type"] == "application/json"


def test_routes_of_other_apis_are_not_served(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    assert client.post("/quotes", json={"orderId": "x"}).status_code == 403
    assert client.get("/checkouts/chk-1").json() == {"message": "Missing Authentication Token"}


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "wrong"}, {"x-api-key": "TEST-KEY"}])
def test_api_key_is_enforced(headers: dict[str, str]) -> None:
    with FleetServer("orders") as srv:
        response = httpx.get(f"{srv.base_url}/orders", headers=headers, timeout=5)
        assert srv.orders == {}
    assert response.status_code == 403
    assert response.content == b'{"message":"Forbidden"}'
    assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"


def test_api_key_header_name_is_case_insensitive() -> None:
    with FleetServer("orders") as srv:
        response = httpx.get(f"{srv.base_url}/orders", headers={"X-Api-Key": "test-key"})
    assert response.status_code == 200


def test_custom_api_key_and_disabled_enforcement() -> None:
    with FleetServer("orders", api_key="s3cret") as srv:
        url = f"{srv.base_url}/orders"
        assert httpx.get(url, headers=KEY).status_code == 403
        assert httpx.get(url, headers={"x-api-key": "s3cret"}).status_code == 200
    with FleetServer("orders", api_key=None) as srv:
        assert httpx.get(f"{srv.base_url}/orders").status_code == 200


def test_key_is_checked_before_the_body_is_validated() -> None:
    with FleetServer("orders") as srv:
        response = httpx.post(f"{srv.base_url}/orders", content=b"not json")
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}


def test_every_response_has_a_request_id(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    responses = [client.get("/orders"), client.get("/nope"), client.get("/orders/unknown")]
    ids = [r.headers["x-amzn-RequestId"] for r in responses]
    assert len(set(ids)) == 3
    for request_id in ids:
        assert uuid.UUID(request_id).version == 4
    assert all(r.headers["content-type"] == "application/json" for r in responses)
    assert all(r.headers["x-amz-apigw-id"] for r in responses)


def test_lambda_errors_have_no_error_type_header(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    response = client.get("/orders/ord-unknown")
    _assert_message(response, 404, "order not found")
    assert "x-amzn-ErrorType" not in response.headers


# ----------------------------------------------------------------------------- orders API


def test_create_order_computes_total(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    order = _new_order(client, note="leave at the door")
    assert order["orderId"].startswith("ord-")
    assert order["customerId"] == "cust-1"
    assert order["status"] == "pending"
    assert order["currency"] == "EUR"
    assert order["total"] == 23.73  # 2 * 9.99 + 3.75
    assert order["note"] == "leave at the door"
    assert [(i["sku"], i["quantity"], i["unitPrice"]) for i in order["items"]] == [
        ("WIDGET-1", 2, 9.99),
        ("GIZMO-3", 1, 3.75),
    ]
    assert len({i["itemId"] for i in order["items"]}) == 2
    created = datetime.strptime(order["createdAt"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=1)
    assert srv.orders[order["orderId"]] == order


def test_create_order_defaults_and_nested_address(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    address = {"line1": "1 Main St", "city": "Springfield", "country": "US"}
    response = client.post("/orders", json={"customerId": "c", "shippingAddress": address})
    assert response.status_code == 201
    order = response.json()
    assert order["currency"] == "USD"
    assert order["items"] == []
    assert order["total"] == 0
    assert order["shippingAddress"] == address
    assert "note" not in order


def test_create_order_records_request_id_header(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    client.post("/orders", json={"customerId": "c"}, headers={"X-Request-Id": "req-42"})
    assert srv.last.headers["x-request-id"] == "req-42"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"customerId": ""},
        {"customerId": 7},
        {"customerId": "c", "currency": "usd"},
        {"customerId": "c", "items": {"sku": "A"}},
        {"customerId": "c", "items": [{"sku": "A", "quantity": 1}]},
        {"customerId": "c", "items": [{"sku": "A", "quantity": "1", "unitPrice": 1}]},
        {"customerId": "c", "items": [{"sku": "A", "quantity": 1.5, "unitPrice": 1}]},
        {"customerId": "c", "items": [{"sku": "A", "quantity": 0, "unitPrice": 1}]},
        {"customerId": "c", "items": [{"sku": "A", "quantity": True, "unitPrice": 1}]},
        {"customerId": "c", "items": [{"sku": "A", "quantity": 1, "unitPrice": -1}]},
        {"customerId": "c", "note": None},
        {"customerId": "c", "note": "x" * 501},
        {"customerId": "c", "shippingAddress": {"line1": "1 Main St", "city": "X"}},
        {"customerId": "c", "shippingAddress": {"line1": "a", "city": "b", "country": "USA"}},
        ["customerId"],
        "customerId",
    ],
)
def test_create_order_rejects_invalid_bodies(
    orders: tuple[FleetServer, httpx.Client], body: Any
) -> None:
    srv, client = orders
    response = client.post("/orders", json=body)
    assert response.status_code == 400
    assert response.content == b'{"message":"Invalid request body"}'
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert srv.orders == {}


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe"])
def test_create_order_rejects_non_json(
    orders: tuple[FleetServer, httpx.Client], content: bytes
) -> None:
    _, client = orders
    response = client.post("/orders", content=content, headers={"content-type": "application/json"})
    _assert_message(response, 400, "Invalid request body")


def test_extra_properties_are_accepted(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    response = client.post("/orders", json={"customerId": "c", "coupon": "X"})
    assert response.status_code == 201
    assert "coupon" not in response.json()


def test_get_order_round_trip(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    order = _new_order(client)
    response = client.get(f"/orders/{order['orderId']}")
    assert response.status_code == 200
    assert response.json() == order
    _assert_message(client.get("/orders/ord-missing"), 404, "order not found")


def test_list_orders_filters_and_paginates(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    created = [_new_order(client, customerId=f"c{i}") for i in range(5)]
    srv.orders[created[1]["orderId"]]["status"] = "shipped"

    everything = client.get("/orders").json()
    assert [o["orderId"] for o in everything["items"]] == [o["orderId"] for o in created]
    assert "nextToken" not in everything

    shipped = client.get("/orders", params={"status": "shipped"}).json()
    assert [o["orderId"] for o in shipped["items"]] == [created[1]["orderId"]]

    seen: list[str] = []
    params: dict[str, str] = {"limit": "2"}
    pages = 0
    while True:
        page = client.get("/orders", params=params).json()
        pages += 1
        assert len(page["items"]) <= 2
        seen += [o["orderId"] for o in page["items"]]
        if "nextToken" not in page:
            break
        params = {"limit": "2", "nextToken": page["nextToken"]}
    assert pages == 3
    assert seen == [o["orderId"] for o in created]
    assert srv.last.query == {"limit": ["2"], "nextToken": [params["nextToken"]]}


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "101"}, {"limit": "ten"}, {"status": "lost"}, {"nextToken": "!!"}],
)
def test_list_orders_rejects_bad_query(
    orders: tuple[FleetServer, httpx.Client], params: dict[str, str]
) -> None:
    _, client = orders
    response = client.get("/orders", params=params)
    assert response.status_code == 400
    assert set(response.json()) == {"message"}


def test_update_order(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    order = _new_order(client)
    url = f"/orders/{order['orderId']}"
    response = client.put(url, json={"status": "confirmed", "note": "gift"})
    assert response.status_code == 200
    assert response.json() == {**order, "status": "confirmed", "note": "gift"}
    assert client.put(url, json={}).json()["status"] == "confirmed"
    assert client.get(url).json()["note"] == "gift"


def test_update_order_conflicts(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    cancelled = srv.seed_order({"status": "cancelled", "items": [{"sku": "WIDGET-1"}]})
    response = client.put(f"/orders/{cancelled['orderId']}", json={"status": "pending"})
    _assert_message(response, 409, "order is cancelled")
    assert srv.orders[cancelled["orderId"]]["status"] == "cancelled"

    shipped = srv.seed_order({"status": "shipped"})
    response = client.put(f"/orders/{shipped['orderId']}", json={"status": "cancelled"})
    _assert_message(response, 409, "shipped orders cannot be cancelled")


def test_update_order_errors(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    _assert_message(client.put("/orders/nope", json={"note": "x"}), 404, "order not found")
    order = _new_order(client)
    response = client.put(f"/orders/{order['orderId']}", json={"status": "lost"})
    _assert_message(response, 400, "Invalid request body")


def test_delete_order(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    order = _new_order(client)
    response = client.delete(f"/orders/{order['orderId']}")
    assert response.status_code == 204
    assert response.content == b""
    assert "content-type" not in response.headers
    assert response.headers["x-amzn-RequestId"]
    _assert_message(client.get(f"/orders/{order['orderId']}"), 404, "order not found")
    _assert_message(client.delete(f"/orders/{order['orderId']}"), 404, "order not found")


def test_order_items(orders: tuple[FleetServer, httpx.Client]) -> None:
    _, client = orders
    order = _new_order(client)
    url = f"/orders/{order['orderId']}/items"
    listed = client.get(url)
    assert listed.status_code == 200
    assert listed.json() == order["items"]

    added = client.post(url, json={"sku": "GADGET-2", "quantity": 3, "unitPrice": 24.5})
    assert added.status_code == 201
    item = added.json()
    assert item == {"itemId": item["itemId"], "sku": "GADGET-2", "quantity": 3, "unitPrice": 24.5}
    assert client.get(f"/orders/{order['orderId']}").json()["total"] == 97.23
    assert [i["itemId"] for i in client.get(url).json()][-1] == item["itemId"]

    removed = client.delete(f"{url}/{order['items'][0]['itemId']}")
    assert removed.status_code == 204
    assert removed.content == b""
    assert client.get(f"/orders/{order['orderId']}").json()["total"] == 77.25
    _assert_message(client.delete(f"{url}/{order['items'][0]['itemId']}"), 404, "item not found")


def test_order_items_errors(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    _assert_message(client.get("/orders/nope/items"), 404, "order not found")
    new_item = {"sku": "A", "quantity": 1, "unitPrice": 1.0}
    _assert_message(client.post("/orders/nope/items", json=new_item), 404, "order not found")
    _assert_message(client.delete("/orders/nope/items/itm-1"), 404, "order not found")
    confirmed = srv.seed_order({"status": "confirmed", "items": [{"sku": "WIDGET-1"}]})
    url = f"/orders/{confirmed['orderId']}/items"
    assert client.post(url, json=new_item).status_code == 409
    assert client.delete(f"{url}/{confirmed['items'][0]['itemId']}").status_code == 409
    _assert_message(client.post(url, json={"sku": "A"}), 400, "Invalid request body")


def test_path_parameters_are_url_decoded(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    srv.seed_order({"orderId": "ord/1 a"})
    response = client.get("/orders/ord%2F1%20a")
    assert response.status_code == 200
    assert response.json()["orderId"] == "ord/1 a"
    assert srv.last.path == "/prod/orders/ord%2F1%20a"


def test_seed_order_fills_defaults() -> None:
    srv = FleetServer("orders")
    order = srv.seed_order({"items": [{"sku": "WIDGET-1", "quantity": 3}, {"sku": "ZZZ"}]})
    assert order["status"] == "pending"
    assert order["currency"] == "USD"
    assert [i["unitPrice"] for i in order["items"]] == [9.99, 0.0]
    assert order["total"] == 29.97
    order["status"] = "changed"  # a copy
    assert srv.orders[order["orderId"]]["status"] == "pending"


# ----------------------------------------------------------------------------- pricing API


def test_get_price(pricing: tuple[FleetServer, httpx.Client]) -> None:
    srv, _ = pricing
    with _client(srv, key=False) as anonymous:  # public operation
        response = anonymous.get("/prices/WIDGET-1")
        assert response.status_code == 200
        assert response.json() == {"sku": "WIDGET-1", "unitPrice": 9.99, "currency": "USD"}
        euro = anonymous.get("/prices/GADGET-2", params={"currency": "EUR"}).json()
        assert euro == {"sku": "GADGET-2", "unitPrice": 22.05, "currency": "EUR"}
        _assert_message(anonymous.get("/prices/NOPE"), 404, "price not found")
        bad = anonymous.get("/prices/WIDGET-1", params={"currency": "XXX"})
        _assert_message(bad, 400, "unsupported currency XXX")
        srv.seed_price("NEW-9", 1.5)
        assert anonymous.get("/prices/NEW-9").json()["unitPrice"] == 1.5


def test_create_quote_from_seeded_order(pricing: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = pricing
    order = srv.seed_order(
        {
            "orderId": "ord-1",
            "items": [
                {"sku": "WIDGET-1", "quantity": 2, "unitPrice": 1.0},  # table price wins
                {"sku": "CUSTOM", "quantity": 1, "unitPrice": 5.5},  # not in the table
            ],
        }
    )
    response = client.post("/quotes", json={"orderId": order["orderId"]})
    assert response.status_code == 200
    quote = response.json()
    assert quote["quoteId"].startswith("q-")
    assert quote["orderId"] == "ord-1"
    assert quote["lines"] == [
        {"sku": "WIDGET-1", "quantity": 2, "unitPrice": 9.99, "lineTotal": 19.98},
        {"sku": "CUSTOM", "quantity": 1, "unitPrice": 5.5, "lineTotal": 5.5},
    ]
    assert (quote["subtotal"], quote["discount"], quote["total"]) == (25.48, 0.0, 25.48)
    assert quote["currency"] == "USD"
    assert quote["couponApplied"] is False
    assert "couponCode" not in quote
    expires = datetime.fromisoformat(quote["expiresAt"])
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)

    fetched = client.get(f"/quotes/{quote['quoteId']}")
    assert fetched.status_code == 200
    assert fetched.json() == quote


def test_quote_with_coupon_and_currency(pricing: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = pricing
    order = srv.seed_order({"currency": "EUR", "items": [{"sku": "GADGET-2", "quantity": 4}]})
    quote = client.post("/quotes", json={"orderId": order["orderId"], "couponCode": "SAVE10"})
    assert quote.status_code == 200
    body = quote.json()
    assert body["currency"] == "EUR"
    assert body["lines"][0]["unitPrice"] == 22.05
    assert (body["subtotal"], body["discount"], body["total"]) == (88.2, 8.82, 79.38)
    assert body["couponCode"] == "SAVE10"
    assert body["couponApplied"] is True

    flat = client.post("/quotes", json={"orderId": order["orderId"], "couponCode": "FLAT5"})
    assert (flat.json()["discount"], flat.json()["total"]) == (5.0, 83.2)


def test_quote_errors(pricing: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = pricing
    _assert_message(client.post("/quotes", json={"orderId": "nope"}), 404, "order not found")
    order = srv.seed_order({"items": [{"sku": "WIDGET-1"}]})
    bad_coupon = client.post("/quotes", json={"orderId": order["orderId"], "couponCode": "FREE"})
    _assert_message(bad_coupon, 400, "invalid coupon code")
    _assert_message(client.post("/quotes", json={}), 400, "Invalid request body")
    _assert_message(client.post("/quotes", json={"orderId": 1}), 400, "Invalid request body")
    _assert_message(client.get("/quotes/q-nope"), 404, "quote not found")
    assert srv.quotes == {}
    with _client(srv, key=False) as anonymous:
        assert anonymous.post("/quotes", json={"orderId": order["orderId"]}).status_code == 403
        assert anonymous.get("/quotes/q-nope").status_code == 403


# ----------------------------------------------------------------------------- checkout API


def test_checkout_flow(checkout: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = checkout
    quote = srv.seed_quote({"orderId": "ord-1", "total": 42.5, "currency": "EUR"})
    created = client.post("/checkouts", json={"orderId": "ord-1", "paymentMethod": "invoice"})
    assert created.status_code == 201
    body = created.json()
    assert body == {
        "checkoutId": body["checkoutId"],
        "orderId": "ord-1",
        "quoteId": quote["quoteId"],
        "total": 42.5,
        "currency": "EUR",
        "paymentMethod": "invoice",
        "status": "created",
    }
    url = f"/checkouts/{body['checkoutId']}"
    assert client.get(url).json() == body

    confirmed = client.post(f"{url}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json() == {**body, "status": "paid"}
    assert client.get(url).json()["status"] == "paid"
    _assert_message(client.post(f"{url}/confirm"), 409, "checkout already confirmed")


def test_checkout_uses_quote_with_matching_coupon(
    checkout: tuple[FleetServer, httpx.Client],
) -> None:
    srv, client = checkout
    with_coupon = srv.seed_quote({"orderId": "ord-1", "total": 9.0, "couponCode": "SAVE10"})
    srv.seed_quote({"orderId": "ord-1", "total": 10.0})
    response = client.post("/checkouts", json={"orderId": "ord-1", "couponCode": "SAVE10"})
    assert response.status_code == 201
    assert response.json()["quoteId"] == with_coupon["quoteId"]
    assert response.json()["paymentMethod"] == "card"


def test_checkout_errors(checkout: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = checkout
    _assert_message(
        client.post("/checkouts", json={"orderId": "ord-x"}), 404, "no quote found for order"
    )
    srv.seed_quote({"orderId": "ord-1", "total": 1.0})
    invalid = client.post("/checkouts", json={"orderId": "ord-1", "paymentMethod": "cash"})
    _assert_message(invalid, 400, "Invalid request body")
    assert client.post("/checkouts", json={"orderId": "ord-1"}).status_code == 201
    duplicate = client.post("/checkouts", json={"orderId": "ord-1"})
    _assert_message(duplicate, 409, "a checkout already exists for this order")

    expired = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    srv.seed_quote({"orderId": "ord-2", "total": 1.0, "expiresAt": expired})
    _assert_message(client.post("/checkouts", json={"orderId": "ord-2"}), 409, "quote expired")

    _assert_message(client.get("/checkouts/chk-nope"), 404, "checkout not found")
    _assert_message(client.post("/checkouts/chk-nope/confirm"), 404, "checkout not found")


def test_checkout_idempotency_key(checkout: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = checkout
    srv.seed_quote({"orderId": "ord-1", "total": 3.0})
    headers = {"Idempotency-Key": "k-1"}
    first = client.post("/checkouts", json={"orderId": "ord-1"}, headers=headers)
    again = client.post("/checkouts", json={"orderId": "ord-1"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(srv.checkouts) == 1
    other = client.post(
        "/checkouts", json={"orderId": "ord-1", "paymentMethod": "invoice"}, headers=headers
    )
    assert other.status_code == 409
    assert srv.last.headers["idempotency-key"] == "k-1"


def test_card_payment_over_the_limit_fails(checkout: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = checkout
    srv.seed_quote({"orderId": "ord-1", "total": 20_000.0})
    created = client.post("/checkouts", json={"orderId": "ord-1"}).json()
    confirm_url = f"/checkouts/{created['checkoutId']}/confirm"
    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "failed"
    _assert_message(client.post(confirm_url), 409, "payment failed; create a new checkout")
    # a failed checkout does not block a new one
    assert client.post("/checkouts", json={"orderId": "ord-1"}).status_code == 201


def test_seeded_checkout(checkout: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = checkout
    seeded = srv.seed_checkout({"orderId": "ord-9", "total": 5.0, "status": "paid"})
    assert client.get(f"/checkouts/{seeded['checkoutId']}").json() == seeded
    assert client.post(f"/checkouts/{seeded['checkoutId']}/confirm").status_code == 409


# ----------------------------------------------------------------------------- recording


def test_requests_are_recorded(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    with pytest.raises(LookupError):
        _ = srv.last
    client.get("/orders", params=[("status", "pending"), ("status", "shipped"), ("limit", "")])
    body = {"customerId": "c", "note": "é"}
    client.post("/orders", json=body, headers={"X-Request-Id": "abc", "X-Custom": "A"})
    client.post("/orders", content=b"plain text")

    assert [r.method for r in srv.requests] == ["GET", "POST", "POST"]
    listing, created, invalid = srv.requests
    assert isinstance(listing, RecordedRequest)
    assert listing.path == "/prod/orders"
    assert listing.query == {"status": ["pending", "shipped"], "limit": [""]}
    assert listing.body == b""
    assert listing.json is None

    assert created.query == {}
    assert created.headers["x-api-key"] == "test-key"
    assert created.headers["x-request-id"] == "abc"
    assert created.headers["x-custom"] == "A"
    assert created.headers["content-type"] == "application/json"
    assert all(name == name.lower() for name in created.headers)
    assert json.loads(created.body) == body
    assert created.json == body

    assert invalid.body == b"plain text"
    assert invalid.json is None
    assert srv.last is invalid


def test_rejected_requests_are_recorded_too() -> None:
    with FleetServer("pricing") as srv:
        httpx.get(f"{srv.root_url}/nowhere?x=1")
        httpx.post(f"{srv.base_url}/quotes", json={"orderId": "o"})
        assert [(r.method, r.path, r.query) for r in srv.requests] == [
            ("GET", "/nowhere", {"x": ["1"]}),
            ("POST", "/prod/quotes", {}),
        ]
        assert srv.last.json == {"orderId": "o"}


def test_chunked_request_body_is_read(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders

    def chunks() -> Iterator[bytes]:
        yield b'{"customerId": '
        yield b'"chunked"}'

    response = client.post(
        "/orders", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 201
    assert srv.last.headers["transfer-encoding"] == "chunked"
    assert srv.last.json == {"customerId": "chunked"}


# ----------------------------------------------------------------------------- fault injection


def test_fail_next_then_recover(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    srv.fail_next(503, times=2)
    first = client.post("/orders", json={"customerId": "c"})
    second = client.get("/nope")  # faults come before routing
    third = client.get("/orders")
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.json() == {"message": "Service Unavailable"}
    assert first.headers["x-amzn-RequestId"]
    assert srv.orders == {}  # the failed POST never reached the handler
    assert len(srv.requests) == 3


def test_fail_next_defaults_for_throttling(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    srv.fail_next(429)
    response = client.get("/orders")
    _assert_message(response, 429, "Too Many Requests")
    assert response.headers["x-amzn-ErrorType"] == "TooManyRequestsException"
    assert client.get("/orders").status_code == 200


def test_fail_next_custom_headers_and_body(orders: tuple[FleetServer, httpx.Client]) -> None:
    srv, client = orders
    srv.fail_next(429, headers={"Retry-After": "2"}, body={"message": "Limit Exceeded"})
    srv.fail_next(504)
    srv.fail_next(418)
    limited = client.get("/orders")
    assert limited.headers["retry-after"] == "2"
    _assert_message(limited, 429, "Limit Exceeded")
    _assert_message(client.get("/orders"), 504, "Endpoint request timed out")
    _assert_message(client.get("/orders"), 418, "I'm a Teapot")
    assert client.get("/orders").status_code == 200


def test_fail_next_rejects_zero_times() -> None:
    with pytest.raises(ValueError):
        FleetServer("orders").fail_next(500, times=0)


def test_concurrent_requests(orders: tuple[FleetServer, httpx.Client]) -> None:
    import concurrent.futures

    srv, _ = orders

    def create(i: int) -> int:
        with _client(srv) as own:
            return own.post("/orders", json={"customerId": f"c{i}"}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(create, range(40)))
    assert statuses == [201] * 40
    assert len(srv.orders) == 40
    assert len(srv.requests) == 40


def test_crashing_handler_is_a_502() -> None:
    with FleetServer("orders") as srv, _client(srv) as client:
        order = srv.seed_order({"items": [{"sku": "WIDGET-1"}]})
        srv.orders[order["orderId"]]["items"][0]["quantity"] = "2"  # corrupt state
        item = {"sku": "GIZMO-3", "quantity": 1, "unitPrice": 3.75}
        response = client.post(f"/orders/{order['orderId']}/items", json=item)
        assert response.status_code == 502
        assert response.json() == {"message": "Internal server error"}
        assert len(srv.errors) == 1
        assert isinstance(srv.errors[0], TypeError)
