"""Lambda handler of the example fleet's pricing API (REST API, Lambda proxy integration).

Reads orders through the **generated orders client** (``orders_client``, built by sdkgen from
``specs/orders/prod.json`` and pip-installed into this function's zip next to this file, with
its httpx and pydantic dependencies), the way a real service consumes another team's SDK.

Environment: ``ORDERS_BASE_URL`` (the orders API's stage URL), ``ORDERS_API_KEY`` and
``FLEET_STATE_DIR`` (quotes live in ``$FLEET_STATE_DIR/pricing.json``, under ``flock``: each
concurrent invocation may run in its own worker process).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import importlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

JsonObject = dict[str, Any]
ProxyResponse = dict[str, Any]

STATE_FILE = "pricing.json"
ORDERS_CLIENT_MODULE = "orders_client"
#: Unit prices in USD.
PRICES: Mapping[str, float] = {"WIDGET-1": 9.99, "GADGET-2": 24.5, "GIZMO-3": 3.75}
#: USD -> currency multipliers; a currency not listed is unsupported (400).
EXCHANGE_RATES: Mapping[str, float] = {"USD": 1.0, "EUR": 0.9, "GBP": 0.8}
#: Coupon code -> ("percent", value) or ("amount", value in the quote's currency).
COUPONS: Mapping[str, tuple[str, float]] = {"SAVE10": ("percent", 10.0), "FLAT5": ("amount", 5.0)}
QUOTE_TTL = timedelta(minutes=15)


class HttpError(Exception):
    """Ends an invocation with ``{"message": ...}`` and ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Request:
    """The parts of an API Gateway proxy event (payload 1.0) the routes use."""

    params: dict[str, str]
    query: dict[str, str]
    body: Any

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Request:
        query = {
            name: values[-1]
            for name, values in (event.get("multiValueQueryStringParameters") or {}).items()
            if values
        } or dict(event.get("queryStringParameters") or {})
        return cls(dict(event.get("pathParameters") or {}), query, _parse_body(event))

    def object_body(self) -> JsonObject:
        if not isinstance(self.body, dict):
            raise HttpError(400, "Invalid request body")
        return self.body


def _parse_body(event: Mapping[str, Any]) -> Any:
    raw = event.get("body")
    if raw is None or raw == "":
        return None
    try:
        text = base64.b64decode(raw).decode() if event.get("isBase64Encoded") else raw
        return json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HttpError(400, "Invalid request body") from None


def _response(status: int, value: Any) -> ProxyResponse:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(value),
    }


def _error(status: int, message: str) -> ProxyResponse:
    return _response(status, {"message": message})


@contextlib.contextmanager
def _locked_state() -> Iterator[JsonObject]:
    """The state, exclusively locked; written back when the block ends without an error."""
    directory = Path(os.environ.get("FLEET_STATE_DIR") or tempfile.gettempdir())
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / STATE_FILE
    with (directory / f"{STATE_FILE}.lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            state: JsonObject = json.loads(path.read_text()) if path.exists() else {}
            state.setdefault("quotes", {})
            yield state
            partial = path.with_name(f"{STATE_FILE}.{os.getpid()}.partial")
            partial.write_text(json.dumps(state, indent=1))
            os.replace(partial, path)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _money(amount: float) -> float:
    return round(amount + 0.0, 2)


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the orders service, through its generated client -------------------------------------

_orders: Any = None


def _orders_sdk() -> Any:
    """The ``orders_client`` package (imported by name: it exists only inside the zip)."""
    return importlib.import_module(ORDERS_CLIENT_MODULE)


def _orders_client() -> Any:
    """One ``orders_client.Client`` per warm worker (its connection pool is reused)."""
    global _orders
    if _orders is None:
        sdk = _orders_sdk()
        _orders = sdk.Client(
            base_url=os.environ["ORDERS_BASE_URL"],
            api_key=os.environ["ORDERS_API_KEY"],
            timeout=20.0,
            max_retries=1,
        )
    return _orders


def _fetch_order(order_id: str) -> JsonObject:
    """``GET /orders/{orderId}`` through the orders client, as plain JSON data."""
    sdk = _orders_sdk()
    try:
        order = _orders_client().orders.get(order_id)
    except sdk.NotFoundError:
        raise HttpError(404, "order not found") from None
    except sdk.APIError as exc:
        raise HttpError(502, f"orders service failed: {exc}") from None
    data: JsonObject = order.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


# --- routes -------------------------------------------------------------------------------


def get_price(request: Request) -> ProxyResponse:
    sku = request.params.get("sku", "")
    if sku not in PRICES:
        raise HttpError(404, "price not found")
    currency = request.query.get("currency") or "USD"
    rate = EXCHANGE_RATES.get(currency)
    if rate is None:
        raise HttpError(400, f"unsupported currency {currency}")
    return _response(
        200, {"sku": sku, "unitPrice": _money(PRICES[sku] * rate), "currency": currency}
    )


def create_quote(request: Request) -> ProxyResponse:
    body = request.object_body()
    order_id = body.get("orderId")
    if not isinstance(order_id, str) or not order_id:
        raise HttpError(400, "orderId is required")
    order = _fetch_order(order_id)
    currency = str(order.get("currency") or "USD")
    rate = EXCHANGE_RATES.get(currency)
    if rate is None:
        raise HttpError(400, f"unsupported currency {currency}")
    lines = []
    for item in order.get("items", []):
        listed = PRICES.get(item["sku"])
        # SKUs missing from the price table keep the price recorded on the order.
        unit = _money(listed * rate) if listed is not None else float(item["unitPrice"])
        lines.append(
            {
                "sku": item["sku"],
                "quantity": item["quantity"],
                "unitPrice": unit,
                "lineTotal": _money(unit * item["quantity"]),
            }
        )
    subtotal = _money(sum(line["lineTotal"] for line in lines))
    discount = 0.0
    code = body.get("couponCode")
    if code is not None:
        coupon = COUPONS.get(code)
        if coupon is None:
            raise HttpError(400, "invalid coupon code")
        kind, value = coupon
        discount = _money(subtotal * value / 100 if kind == "percent" else min(value, subtotal))
    quote: JsonObject = {
        "quoteId": f"q-{uuid.uuid4().hex[:12]}",
        "orderId": order["orderId"],
        "subtotal": subtotal,
        "discount": discount,
        "total": _money(subtotal - discount),
        "currency": currency,
        "expiresAt": _timestamp(datetime.now(UTC).replace(microsecond=0) + QUOTE_TTL),
        "lines": lines,
        "couponApplied": code is not None,
    }
    if code is not None:
        quote["couponCode"] = code
    with _locked_state() as state:
        state["quotes"][quote["quoteId"]] = quote
    return _response(200, quote)


def get_quote(request: Request) -> ProxyResponse:
    with _locked_state() as state:
        quote = state["quotes"].get(request.params.get("quoteId", ""))
    if quote is None:
        raise HttpError(404, "quote not found")
    return _response(200, quote)


ROUTES: dict[tuple[str, str], Callable[[Request], ProxyResponse]] = {
    ("GET", "/prices/{sku}"): get_price,
    ("POST", "/quotes"): create_quote,
    ("GET", "/quotes/{quoteId}"): get_quote,
}


def handler(event: dict[str, Any], context: object) -> ProxyResponse:
    """The Lambda entry point: route on the API Gateway resource and method."""
    route = ROUTES.get((str(event.get("httpMethod")), str(event.get("resource"))))
    if route is None:
        return _error(404, f"no route for {event.get('httpMethod')} {event.get('resource')}")
    try:
        return route(Request.from_event(event))
    except HttpError as exc:
        return _error(exc.status, exc.message)
