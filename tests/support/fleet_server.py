"""A real HTTP stand-in for the example fleet documents in ``tests/fixtures/fleet/`` (orders, pricing, checkout).

``FleetServer`` serves one of the three APIs the way the deployed ``prod`` stage of an
API Gateway REST API with Lambda proxy integrations would answer:

* every path is under the stage prefix ``/prod``; an unknown path, an unknown method or a
  path without the stage prefix gets API Gateway's ``403 {"message":"Missing Authentication
  Token"}`` (``x-amzn-ErrorType: MissingAuthenticationTokenException``);
* operations the documents secure with ``api_key`` need ``x-api-key`` (missing or wrong key:
  ``403 {"message":"Forbidden"}``, ``x-amzn-ErrorType: ForbiddenException``);
* operations with a body model run the "Validate body" request validator first (``400
  {"message": "Invalid request body"}``, ``x-amzn-ErrorType: BadRequestException``);
* everything else is answered by in-memory "Lambda" handlers with realistic logic.

Every response carries ``x-amzn-RequestId`` (a uuid4) and ``x-amz-apigw-id``;
``Content-Type: application/json`` is sent whenever there is a body (204 has none).

Usage::

    with FleetServer("orders") as srv:
        httpx.get(f"{srv.base_url}/orders", headers={"x-api-key": "test-key"})
        srv.last.path  # "/prod/orders"

Test hooks: ``seed_order``/``seed_quote``/``seed_checkout``/``seed_price`` put state in,
``requests``/``last`` show what was received, ``fail_next`` injects faults and ``errors``
collects exceptions of the in-memory handlers (each answered with a 502, like a crashed
Lambda function).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import json
import re
import secrets
import socket
import socketserver
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, Self, cast, get_args
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "COUPONS",
    "DEFAULT_PRICES",
    "EXCHANGE_RATES",
    "REQUEST_SCHEMAS",
    "ROUTES",
    "STAGE",
    "ApiName",
    "FleetServer",
    "RecordedRequest",
    "Route",
]

ApiName = Literal["orders", "pricing", "checkout"]
JsonObject = dict[str, Any]

STAGE = "prod"
HOST = "127.0.0.1"

ORDER_STATUSES = ("pending", "confirmed", "shipped", "cancelled")
PAYMENT_METHODS = ("card", "invoice")

#: Unit prices in USD of the pricing service's price table.
DEFAULT_PRICES: Mapping[str, float] = {"WIDGET-1": 9.99, "GADGET-2": 24.5, "GIZMO-3": 3.75}
#: USD -> currency multipliers; a currency not listed here is unsupported (400).
EXCHANGE_RATES: Mapping[str, float] = {"USD": 1.0, "EUR": 0.9, "GBP": 0.8}
#: Coupon code -> ("percent", value) or ("amount", value in the quote's currency).
COUPONS: Mapping[str, tuple[Literal["percent", "amount"], float]] = {
    "SAVE10": ("percent", 10.0),
    "FLAT5": ("amount", 5.0),
}
#: Card payments above this total fail when the checkout is confirmed.
CARD_LIMIT = 10_000.0
QUOTE_TTL = timedelta(minutes=15)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100

# The request models of the documents, with the keywords the "Validate body" request
# validator checks (references inlined). tests/test_fleet_specs.py compares them with tests/fixtures/fleet/.
_STRING: JsonObject = {"type": "string"}
_ADDRESS: JsonObject = {
    "type": "object",
    "required": ["line1", "city", "country"],
    "properties": {
        "line1": _STRING,
        "line2": _STRING,
        "city": _STRING,
        "postalCode": _STRING,
        "country": {"type": "string", "minLength": 2, "maxLength": 2},
    },
}
_NEW_ORDER_ITEM: JsonObject = {
    "type": "object",
    "required": ["sku", "quantity", "unitPrice"],
    "properties": {
        "sku": {"type": "string", "minLength": 1},
        "quantity": {"type": "integer", "minimum": 1},
        "unitPrice": {"type": "number", "minimum": 0},
    },
}
REQUEST_SCHEMAS: Mapping[str, JsonObject] = {
    "NewOrder": {
        "type": "object",
        "required": ["customerId"],
        "properties": {
            "customerId": {"type": "string", "minLength": 1},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "items": {"type": "array", "items": _NEW_ORDER_ITEM},
            "note": {"type": "string", "maxLength": 500},
            "shippingAddress": _ADDRESS,
        },
    },
    "NewOrderItem": _NEW_ORDER_ITEM,
    "OrderUpdate": {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": list(ORDER_STATUSES)},
            "note": {"type": "string", "maxLength": 500},
        },
    },
    "QuoteRequest": {
        "type": "object",
        "required": ["orderId"],
        "properties": {
            "orderId": {"type": "string", "minLength": 1},
            "couponCode": _STRING,
        },
    },
    "CheckoutRequest": {
        "type": "object",
        "required": ["orderId"],
        "properties": {
            "orderId": {"type": "string", "minLength": 1},
            "couponCode": _STRING,
            "paymentMethod": {"type": "string", "enum": list(PAYMENT_METHODS)},
        },
    },
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    #: The raw (still percent-encoded) request path without the query string, e.g. ``/prod/orders``.
    path: str
    query: dict[str, list[str]]
    #: Header names lower-cased; repeated headers are joined with ``", "``.
    headers: dict[str, str]
    body: bytes
    #: The parsed JSON body, or None when the body is empty or not JSON.
    json: Any


@dataclass(frozen=True)
class _Response:
    status: int
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Call:
    """What an in-memory "Lambda" handler gets (API Gateway's proxy event, simplified)."""

    params: dict[str, str]
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any

    def query_one(self, name: str) -> str | None:
        # Lambda proxy events keep the last value of a repeated query parameter.
        values = self.query.get(name)
        return values[-1] if values else None


_Handler = Callable[["FleetServer", _Call], _Response]


@dataclass(frozen=True)
class Route:
    """One operation of a document: method, path template (below the stage), auth, body model."""

    method: str
    path: str
    secured: bool
    body_model: str | None
    handler: _Handler = field(repr=False, compare=False)
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
        object.__setattr__(self, "pattern", re.compile(regex))

    def match(self, path: str) -> dict[str, str] | None:
        m = self.pattern.fullmatch(path)
        if m is None:
            return None
        return {name: unquote(value) for name, value in m.groupdict().items()}


@dataclass(frozen=True)
class _Fault:
    status: int
    headers: Mapping[str, str]
    body: JsonObject


# --------------------------------------------------------------------------- responses


def _json_body(value: Any, *, compact: bool = False) -> bytes:
    if compact:
        return json.dumps(value, separators=(",", ":")).encode()
    return json.dumps(value).encode()


def _ok(status: int, value: Any) -> _Response:
    return _Response(status, _json_body(value))


def _no_content() -> _Response:
    return _Response(204)


def _error(status: int, message: str) -> _Response:
    """An error returned by the Lambda function (no x-amzn-ErrorType: not a gateway response)."""
    return _Response(status, _json_body({"message": message}))


def _gateway_error(status: int, message: str, error_type: str) -> _Response:
    """A gateway response, i.e. produced by API Gateway itself before the integration."""
    return _Response(
        status, _json_body({"message": message}, compact=True), {"x-amzn-ErrorType": error_type}
    )


_MISSING_TOKEN = _gateway_error(
    403, "Missing Authentication Token", "MissingAuthenticationTokenException"
)
_FORBIDDEN = _gateway_error(403, "Forbidden", "ForbiddenException")
_INVALID_BODY = _gateway_error(400, "Invalid request body", "BadRequestException")
_LAMBDA_FAILURE = _gateway_error(502, "Internal server error", "InternalServerErrorException")

_FAULT_DEFAULTS: Mapping[int, tuple[str, str | None]] = {
    429: ("Too Many Requests", "TooManyRequestsException"),
    500: ("Internal server error", None),
    502: ("Internal server error", None),
    503: ("Service Unavailable", None),
    504: ("Endpoint request timed out", None),
}


# --------------------------------------------------------------------------- validation


def _is_valid(value: Any, schema: Mapping[str, Any]) -> bool:
    """The subset of JSON Schema draft 4 that API Gateway's body validator applies here."""
    kind = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:
        return False
    if kind == "object":
        if not isinstance(value, dict):
            return False
        if any(name not in value for name in schema.get("required", ())):
            return False
        properties: Mapping[str, Any] = schema.get("properties", {})
        return all(_is_valid(value[k], sub) for k, sub in properties.items() if k in value)
    if kind == "array":
        if not isinstance(value, list):
            return False
        items = schema.get("items")
        return items is None or all(_is_valid(v, items) for v in value)
    if kind == "string":
        if not isinstance(value, str):
            return False
        if len(value) < schema.get("minLength", 0):
            return False
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return False
        return "pattern" not in schema or re.search(schema["pattern"], value) is not None
    if kind in ("integer", "number"):
        numeric = (int,) if kind == "integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, numeric):
            return False
        if "minimum" in schema and value < schema["minimum"]:
            return False
        return "maximum" not in schema or value <= schema["maximum"]
    if kind == "boolean":
        return isinstance(value, bool)
    return True


# --------------------------------------------------------------------------- helpers


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _money(amount: float) -> float:
    return round(amount + 0.0, 2)


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_token(token: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, number = text.partition(":")
    if prefix != "offset" or not number.isdigit():
        return None
    return int(number)


def _apigw_id() -> str:
    return base64.b64encode(secrets.token_bytes(11)).decode()


# --------------------------------------------------------------------------- the server


class FleetServer:
    """One API of the fleet on ``http://127.0.0.1:<free port>/prod``, in a background thread."""

    def __init__(self, api: ApiName, api_key: str | None = "test-key") -> None:
        if api not in get_args(ApiName):
            raise ValueError(f"unknown API {api!r}; expected one of {get_args(ApiName)}")
        self.api: ApiName = api
        #: The key secured operations require; None turns API key enforcement off.
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        #: Exceptions raised by the in-memory handlers (each answered with a 502).
        self.errors: list[BaseException] = []
        self.orders: dict[str, JsonObject] = {}
        self.quotes: dict[str, JsonObject] = {}
        self.checkouts: dict[str, JsonObject] = {}
        self.prices: dict[str, float] = dict(DEFAULT_PRICES)
        self._idempotency: dict[str, tuple[Any, str]] = {}
        self._faults: deque[_Fault] = deque()
        self._lock = threading.RLock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        if self._httpd is not None:
            raise RuntimeError("server already started")
        httpd = _HTTPServer(self)
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.01},  # also bounds how long shutdown() waits
            name=f"FleetServer-{self.api}",
            daemon=True,
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

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return self._httpd.server_port

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no stage)."""
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/prod``: what a client would use as its base URL."""
        return f"{self.root_url}/{STAGE}"

    # ----------------------------------------------------------------- test hooks

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            if not self.requests:
                raise LookupError("no request received yet")
            return self.requests[-1]

    def fail_next(
        self,
        status: int,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        body: JsonObject | None = None,
    ) -> None:
        """Answer the next ``times`` requests with ``status`` before any normal handling.

        Without ``body`` the body is API Gateway's message for the status (429 "Too Many
        Requests", 502 "Internal server error", 504 "Endpoint request timed out", ...).
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = f"HTTP {status}"
        message, error_type = _FAULT_DEFAULTS.get(status, (phrase, None))
        fault_headers = {"x-amzn-ErrorType": error_type} if error_type else {}
        fault_headers.update(headers or {})
        fault_body = body if body is not None else {"message": message}
        with self._lock:
            self._faults.extend(_Fault(status, fault_headers, fault_body) for _ in range(times))

    def seed_order(self, order: Mapping[str, Any]) -> JsonObject:
        """Store an order (used by the orders API and as the pricing service's order data).

        Only ``items`` entries' ``sku``/``quantity`` are needed; ids, ``unitPrice`` (from the
        price table), ``total``, ``status`` ("pending"), ``currency`` ("USD"), ``customerId``
        and ``createdAt`` are filled in. Returns a copy of the stored order.
        """
        stored: JsonObject = copy.deepcopy(dict(order))
        stored.setdefault("orderId", _new_id("ord"))
        stored.setdefault("customerId", "cust-seeded")
        stored.setdefault("status", "pending")
        stored.setdefault("currency", "USD")
        stored.setdefault("createdAt", _timestamp(_now()))
        items = []
        for raw in stored.get("items", []):
            item = dict(raw)
            item.setdefault("itemId", _new_id("itm"))
            item.setdefault("quantity", 1)
            item.setdefault("unitPrice", self.prices.get(item["sku"], 0.0))
            items.append(item)
        stored["items"] = items
        if "total" not in order:
            _recompute_total(stored)
        with self._lock:
            self.orders[stored["orderId"]] = stored
            return copy.deepcopy(stored)

    def seed_quote(self, quote: Mapping[str, Any]) -> JsonObject:
        """Store a quote (checkout reads them; pricing serves them). Needs ``orderId``.

        ``total`` defaults to the sum of ``lines`` (or 0), ``quoteId``, ``subtotal``,
        ``discount``, ``currency`` and ``expiresAt`` (15 minutes from now) are filled in.
        """
        stored: JsonObject = copy.deepcopy(dict(quote))
        if "orderId" not in stored:
            raise ValueError("a quote needs an orderId")
        stored.setdefault("quoteId", _new_id("q"))
        lines = stored.setdefault("lines", [])
        if lines:
            stored.setdefault("subtotal", _money(sum(line["lineTotal"] for line in lines)))
        else:
            stored.setdefault("subtotal", stored.get("total", 0.0))
        if "total" in stored:
            stored.setdefault("discount", _money(max(stored["subtotal"] - stored["total"], 0.0)))
        else:
            stored.setdefault("discount", 0.0)
            stored["total"] = _money(stored["subtotal"] - stored["discount"])
        stored.setdefault("currency", "USD")
        stored.setdefault("expiresAt", _timestamp(_now() + QUOTE_TTL))
        with self._lock:
            self.quotes[stored["quoteId"]] = stored
            return copy.deepcopy(stored)

    def seed_checkout(self, checkout: Mapping[str, Any]) -> JsonObject:
        """Store a checkout. Needs ``orderId``; the rest defaults (status "created", card)."""
        stored: JsonObject = copy.deepcopy(dict(checkout))
        if "orderId" not in stored:
            raise ValueError("a checkout needs an orderId")
        stored.setdefault("checkoutId", _new_id("chk"))
        stored.setdefault("quoteId", _new_id("q"))
        stored.setdefault("total", 0.0)
        stored.setdefault("currency", "USD")
        stored.setdefault("paymentMethod", "card")
        stored.setdefault("status", "created")
        with self._lock:
            self.checkouts[stored["checkoutId"]] = stored
            return copy.deepcopy(stored)

    def seed_price(self, sku: str, unit_price: float) -> None:
        """Set a USD unit price in the pricing service's price table."""
        with self._lock:
            self.prices[sku] = unit_price

    # ----------------------------------------------------------------- dispatch

    def _handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> _Response:
        """Answer one request (``target`` is the request-target: path plus query)."""
        split = urlsplit(target)
        query = parse_qs(split.query, keep_blank_values=True)
        lowered = {k.lower(): v for k, v in headers.items()}
        parsed = _parse_json(body)
        with self._lock:
            self.requests.append(
                RecordedRequest(method, split.path, query, dict(lowered), body, parsed)
            )
            if self._faults:
                fault = self._faults.popleft()
                return _Response(fault.status, _json_body(fault.body), fault.headers)

        prefix = f"/{STAGE}/"
        if not split.path.startswith(prefix):
            return _MISSING_TOKEN
        resource = split.path[len(prefix) - 1 :]
        route, params = _find_route(self.api, method, resource)
        if route is None or params is None:
            return _MISSING_TOKEN
        if route.secured and self.api_key is not None and lowered.get("x-api-key") != self.api_key:
            return _FORBIDDEN
        if route.body_model is not None and (
            parsed is None or not _is_valid(parsed, REQUEST_SCHEMAS[route.body_model])
        ):
            return _INVALID_BODY
        call = _Call(params, query, lowered, copy.deepcopy(parsed))
        with self._lock:
            try:
                return route.handler(self, call)
            except Exception as exc:  # a crashing "Lambda" is a 502 for the client
                self.errors.append(exc)
                return _LAMBDA_FAILURE

    # ----------------------------------------------------------------- orders API

    def _order_or_none(self, call: _Call) -> JsonObject | None:
        return self.orders.get(call.params["orderId"])

    def _list_orders(self, call: _Call) -> _Response:
        status = call.query_one("status")
        if status is not None and status not in ORDER_STATUSES:
            return _error(400, f"status must be one of {', '.join(ORDER_STATUSES)}")
        limit = DEFAULT_PAGE_SIZE
        raw_limit = call.query_one("limit")
        if raw_limit is not None:
            if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_PAGE_SIZE:
                return _error(400, f"limit must be an integer between 1 and {MAX_PAGE_SIZE}")
            limit = int(raw_limit)
        offset = 0
        token = call.query_one("nextToken")
        if token:
            decoded = _decode_token(token)
            if decoded is None:
                return _error(400, "invalid nextToken")
            offset = decoded
        matching = [o for o in self.orders.values() if status is None or o["status"] == status]
        result: JsonObject = {"items": matching[offset : offset + limit]}
        if offset + limit < len(matching):
            result["nextToken"] = _encode_token(offset + limit)
        return _ok(200, result)

    def _create_order(self, call: _Call) -> _Response:
        body = call.body
        order: JsonObject = {
            "orderId": _new_id("ord"),
            "customerId": body["customerId"],
            "status": "pending",
            "items": [_new_item(item) for item in body.get("items", [])],
            "total": 0.0,
            "currency": body.get("currency", "USD"),
            "createdAt": _timestamp(_now()),
        }
        for optional in ("note", "shippingAddress"):
            if optional in body:
                order[optional] = body[optional]
        _recompute_total(order)
        self.orders[order["orderId"]] = order
        return _ok(201, order)

    def _get_order(self, call: _Call) -> _Response:
        order = self._order_or_none(call)
        return _error(404, "order not found") if order is None else _ok(200, order)

    def _update_order(self, call: _Call) -> _Response:
        order = self._order_or_none(call)
        if order is None:
            return _error(404, "order not found")
        if order["status"] == "cancelled":
            return _error(409, "order is cancelled")
        new_status = call.body.get("status")
        if order["status"] == "shipped" and new_status == "cancelled":
            return _error(409, "shipped orders cannot be cancelled")
        if new_status is not None:
            order["status"] = new_status
        if "note" in call.body:
            order["note"] = call.body["note"]
        return _ok(200, order)

    def _delete_order(self, call: _Call) -> _Response:
        if self.orders.pop(call.params["orderId"], None) is None:
            return _error(404, "order not found")
        return _no_content()

    def _list_items(self, call: _Call) -> _Response:
        order = self._order_or_none(call)
        return _error(404, "order not found") if order is None else _ok(200, order["items"])

    def _add_item(self, call: _Call) -> _Response:
        order = self._order_or_none(call)
        if order is None:
            return _error(404, "order not found")
        if order["status"] != "pending":
            return _error(409, f"order is {order['status']}; items can only change while pending")
        item = _new_item(call.body)
        order["items"].append(item)
        _recompute_total(order)
        return _ok(201, item)

    def _delete_item(self, call: _Call) -> _Response:
        order = self._order_or_none(call)
        if order is None:
            return _error(404, "order not found")
        remaining = [i for i in order["items"] if i["itemId"] != call.params["itemId"]]
        if len(remaining) == len(order["items"]):
            return _error(404, "item not found")
        if order["status"] != "pending":
            return _error(409, f"order is {order['status']}; items can only change while pending")
        order["items"] = remaining
        _recompute_total(order)
        return _no_content()

    # ----------------------------------------------------------------- pricing API

    def _get_price(self, call: _Call) -> _Response:
        sku = call.params["sku"]
        if sku not in self.prices:
            return _error(404, "price not found")
        currency = call.query_one("currency") or "USD"
        rate = EXCHANGE_RATES.get(currency)
        if rate is None:
            return _error(400, f"unsupported currency {currency}")
        return _ok(
            200, {"sku": sku, "unitPrice": _money(self.prices[sku] * rate), "currency": currency}
        )

    def _create_quote(self, call: _Call) -> _Response:
        order = self.orders.get(call.body["orderId"])
        if order is None:
            return _error(404, "order not found")
        currency = order.get("currency", "USD")
        rate = EXCHANGE_RATES.get(currency)
        if rate is None:
            return _error(400, f"unsupported currency {currency}")
        lines = []
        for item in order.get("items", []):
            listed = self.prices.get(item["sku"])
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
        code = call.body.get("couponCode")
        if code is not None:
            coupon = COUPONS.get(code)
            if coupon is None:
                return _error(400, "invalid coupon code")
            kind, value = coupon
            discount = _money(subtotal * value / 100 if kind == "percent" else min(value, subtotal))
        quote: JsonObject = {
            "quoteId": _new_id("q"),
            "orderId": order["orderId"],
            "subtotal": subtotal,
            "discount": discount,
            "total": _money(subtotal - discount),
            "currency": currency,
            "expiresAt": _timestamp(_now() + QUOTE_TTL),
            "lines": lines,
            "couponApplied": code is not None,
        }
        if code is not None:
            quote["couponCode"] = code
        self.quotes[quote["quoteId"]] = quote
        return _ok(200, quote)

    def _get_quote(self, call: _Call) -> _Response:
        quote = self.quotes.get(call.params["quoteId"])
        return _error(404, "quote not found") if quote is None else _ok(200, quote)

    # ----------------------------------------------------------------- checkout API

    def _create_checkout(self, call: _Call) -> _Response:
        body = call.body
        key = call.headers.get("idempotency-key")
        if key is not None and key in self._idempotency:
            previous_body, checkout_id = self._idempotency[key]
            if previous_body != body:
                return _error(409, "Idempotency-Key was already used for a different request")
            return _ok(201, self.checkouts[checkout_id])
        coupon = body.get("couponCode")
        quotes = [
            q
            for q in self.quotes.values()
            if q["orderId"] == body["orderId"] and (coupon is None or q.get("couponCode") == coupon)
        ]
        if not quotes:
            return _error(404, "no quote found for order")
        quote = quotes[-1]
        if datetime.fromisoformat(quote["expiresAt"]) <= _now():
            return _error(409, "quote expired")
        if any(
            c["orderId"] == body["orderId"] and c["status"] in ("created", "paid")
            for c in self.checkouts.values()
        ):
            return _error(409, "a checkout already exists for this order")
        checkout: JsonObject = {
            "checkoutId": _new_id("chk"),
            "orderId": body["orderId"],
            "quoteId": quote["quoteId"],
            "total": quote["total"],
            "currency": quote.get("currency", "USD"),
            "paymentMethod": body.get("paymentMethod", "card"),
            "status": "created",
        }
        self.checkouts[checkout["checkoutId"]] = checkout
        if key is not None:
            self._idempotency[key] = (body, checkout["checkoutId"])
        return _ok(201, checkout)

    def _get_checkout(self, call: _Call) -> _Response:
        checkout = self.checkouts.get(call.params["checkoutId"])
        return _error(404, "checkout not found") if checkout is None else _ok(200, checkout)

    def _confirm_checkout(self, call: _Call) -> _Response:
        checkout = self.checkouts.get(call.params["checkoutId"])
        if checkout is None:
            return _error(404, "checkout not found")
        if checkout["status"] == "paid":
            return _error(409, "checkout already confirmed")
        if checkout["status"] == "failed":
            return _error(409, "payment failed; create a new checkout")
        declined = checkout["paymentMethod"] == "card" and checkout["total"] > CARD_LIMIT
        checkout["status"] = "failed" if declined else "paid"
        return _ok(200, checkout)


def _new_item(item: Mapping[str, Any]) -> JsonObject:
    return {
        "itemId": _new_id("itm"),
        "sku": item["sku"],
        "quantity": item["quantity"],
        "unitPrice": item["unitPrice"],
    }


def _recompute_total(order: JsonObject) -> None:
    order["total"] = _money(sum(i["quantity"] * i["unitPrice"] for i in order["items"]))


def _parse_json(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _find_route(api: ApiName, method: str, path: str) -> tuple[Route | None, dict[str, str] | None]:
    for route in ROUTES[api]:
        if route.method == method:
            params = route.match(path)
            if params is not None:
                return route, params
    return None, None


#: The operations of each document (paths below the stage), in document order.
ROUTES: Mapping[ApiName, tuple[Route, ...]] = {
    "orders": (
        Route("GET", "/orders", True, None, FleetServer._list_orders),
        Route("POST", "/orders", True, "NewOrder", FleetServer._create_order),
        Route("GET", "/orders/{orderId}", True, None, FleetServer._get_order),
        Route("PUT", "/orders/{orderId}", True, "OrderUpdate", FleetServer._update_order),
        Route("DELETE", "/orders/{orderId}", True, None, FleetServer._delete_order),
        Route("GET", "/orders/{orderId}/items", True, None, FleetServer._list_items),
        Route("POST", "/orders/{orderId}/items", True, "NewOrderItem", FleetServer._add_item),
        Route("DELETE", "/orders/{orderId}/items/{itemId}", True, None, FleetServer._delete_item),
    ),
    "pricing": (
        Route("GET", "/prices/{sku}", False, None, FleetServer._get_price),
        Route("POST", "/quotes", True, "QuoteRequest", FleetServer._create_quote),
        Route("GET", "/quotes/{quoteId}", True, None, FleetServer._get_quote),
    ),
    "checkout": (
        Route("POST", "/checkouts", True, "CheckoutRequest", FleetServer._create_checkout),
        Route("GET", "/checkouts/{checkoutId}", True, None, FleetServer._get_checkout),
        Route("POST", "/checkouts/{checkoutId}/confirm", True, None, FleetServer._confirm_checkout),
    ),
}


# --------------------------------------------------------------------------- HTTP plumbing


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined by server_close(); stop() first shuts their sockets down so
    # idle keep-alive connections do not hold the shutdown up.
    daemon_threads = False
    block_on_close = True

    def __init__(self, fleet: FleetServer) -> None:
        self.fleet = fleet
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((HOST, 0), _RequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind() calls socket.getfqdn(), which can wait on DNS; skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = int(self.server_address[1])

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket | tuple[bytes, socket.socket]) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        # Connections dropped by clients or by close_connections() are not errors here.
        pass

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FleetServer/1.0"
    sys_version = ""
    timeout = 30  # seconds an idle keep-alive connection may stay open
    disable_nagle_algorithm = True  # headers and body are separate writes

    def _dispatch(self) -> None:
        fleet = cast(_HTTPServer, self.server).fleet
        body = self._read_body()
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        response = fleet._handle(self.command, self.path, headers, body)

        self.send_response(response.status)
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.send_header("x-amz-apigw-id", _apigw_id())
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.body is not None:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(response.body)))
        elif response.status != 204:
            self.send_header("Content-Length", "0")
        self.end_headers()
        if response.body is not None and self.command != "HEAD":
            self.wfile.write(response.body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        pass
