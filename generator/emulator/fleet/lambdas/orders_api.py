"""Lambda handler of the example fleet's orders API (REST API, Lambda proxy integration).

Standalone: standard library only, deployed as the only file of its zip. Every concurrent
invocation may run in its own worker process, so the state is one JSON file,
``$FLEET_STATE_DIR/orders.json``, read and written under an exclusive ``flock``.

Besides the orders, the state records every ``GET /orders/{orderId}`` in ``reads`` (order id,
User-Agent, request id) so a test can see who read an order, e.g. the pricing service's
generated orders client.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

JsonObject = dict[str, Any]
ProxyResponse = dict[str, Any]

STATE_FILE = "orders.json"
ORDER_STATUSES = ("pending", "confirmed", "shipped", "cancelled")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


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
    headers: dict[str, str]
    body: Any
    request_id: str

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Request:
        # A repeated query key: AWS passes the last value (multiValue... has them all).
        query = {
            name: values[-1]
            for name, values in (event.get("multiValueQueryStringParameters") or {}).items()
            if values
        } or dict(event.get("queryStringParameters") or {})
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        context = event.get("requestContext") or {}
        return cls(
            params=dict(event.get("pathParameters") or {}),
            query=query,
            headers=headers,
            body=_parse_body(event),
            request_id=str(context.get("requestId") or ""),
        )

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


def _response(status: int, value: Any = None) -> ProxyResponse:
    if status == 204:
        return {"statusCode": 204, "headers": {}, "body": ""}
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
            state.setdefault("orders", {})
            state.setdefault("reads", [])
            yield state
            partial = path.with_name(f"{STATE_FILE}.{os.getpid()}.partial")
            partial.write_text(json.dumps(state, indent=1))
            os.replace(partial, path)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


# --- helpers ------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _money(amount: float) -> float:
    return round(amount + 0.0, 2)


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_token(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HttpError(400, "invalid nextToken") from None
    prefix, _, number = text.partition(":")
    if prefix != "offset" or not number.isdigit():
        raise HttpError(400, "invalid nextToken")
    return int(number)


def _new_item(item: Mapping[str, Any]) -> JsonObject:
    return {
        "itemId": _new_id("itm"),
        "sku": item["sku"],
        "quantity": item["quantity"],
        "unitPrice": item["unitPrice"],
    }


def _recompute_total(order: JsonObject) -> None:
    order["total"] = _money(sum(i["quantity"] * i["unitPrice"] for i in order["items"]))


def _order(state: JsonObject, request: Request) -> JsonObject:
    order: JsonObject | None = state["orders"].get(request.params.get("orderId", ""))
    if order is None:
        raise HttpError(404, "order not found")
    return order


def _require_pending(order: JsonObject) -> None:
    if order["status"] != "pending":
        raise HttpError(409, f"order is {order['status']}; items can only change while pending")


# --- routes -------------------------------------------------------------------------------


def list_orders(state: JsonObject, request: Request) -> ProxyResponse:
    status = request.query.get("status")
    if status is not None and status not in ORDER_STATUSES:
        raise HttpError(400, f"status must be one of {', '.join(ORDER_STATUSES)}")
    limit = DEFAULT_PAGE_SIZE
    raw_limit = request.query.get("limit")
    if raw_limit is not None:
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_PAGE_SIZE:
            raise HttpError(400, f"limit must be an integer between 1 and {MAX_PAGE_SIZE}")
        limit = int(raw_limit)
    token = request.query.get("nextToken")
    offset = _decode_token(token) if token else 0
    matching = [o for o in state["orders"].values() if status is None or o["status"] == status]
    result: JsonObject = {"items": matching[offset : offset + limit]}
    if offset + limit < len(matching):
        result["nextToken"] = _encode_token(offset + limit)
    return _response(200, result)


def create_order(state: JsonObject, request: Request) -> ProxyResponse:
    body = request.object_body()
    if not isinstance(body.get("customerId"), str) or not body["customerId"]:
        raise HttpError(400, "customerId is required")
    order: JsonObject = {
        "orderId": _new_id("ord"),
        "customerId": body["customerId"],
        "status": "pending",
        "items": [_new_item(item) for item in body.get("items") or []],
        "total": 0.0,
        "currency": body.get("currency", "USD"),
        "createdAt": _now(),
    }
    for optional in ("note", "shippingAddress"):
        if optional in body:
            order[optional] = body[optional]
    _recompute_total(order)
    state["orders"][order["orderId"]] = order
    return _response(201, order)


def get_order(state: JsonObject, request: Request) -> ProxyResponse:
    order = _order(state, request)
    state["reads"].append(
        {
            "orderId": order["orderId"],
            "userAgent": request.headers.get("user-agent", ""),
            "requestId": request.request_id,
        }
    )
    return _response(200, order)


def update_order(state: JsonObject, request: Request) -> ProxyResponse:
    order = _order(state, request)
    body = request.object_body()
    if order["status"] == "cancelled":
        raise HttpError(409, "order is cancelled")
    new_status = body.get("status")
    if new_status is not None and new_status not in ORDER_STATUSES:
        raise HttpError(400, f"status must be one of {', '.join(ORDER_STATUSES)}")
    if order["status"] == "shipped" and new_status == "cancelled":
        raise HttpError(409, "shipped orders cannot be cancelled")
    if new_status is not None:
        order["status"] = new_status
    if "note" in body:
        order["note"] = body["note"]
    return _response(200, order)


def cancel_order(state: JsonObject, request: Request) -> ProxyResponse:
    """``POST /orders/{orderId}/cancel``: only routed by the dev version of the API."""
    order = _order(state, request)
    if order["status"] == "cancelled":
        raise HttpError(409, "order is already cancelled")
    if order["status"] == "shipped":
        raise HttpError(409, "shipped orders cannot be cancelled")
    order["status"] = "cancelled"
    return _response(200, order)


def delete_order(state: JsonObject, request: Request) -> ProxyResponse:
    _order(state, request)
    del state["orders"][request.params["orderId"]]
    return _response(204)


def list_items(state: JsonObject, request: Request) -> ProxyResponse:
    return _response(200, _order(state, request)["items"])


def add_item(state: JsonObject, request: Request) -> ProxyResponse:
    order = _order(state, request)
    body = request.object_body()
    _require_pending(order)
    if not {"sku", "quantity", "unitPrice"} <= body.keys():
        raise HttpError(400, "sku, quantity and unitPrice are required")
    item = _new_item(body)
    order["items"].append(item)
    _recompute_total(order)
    return _response(201, item)


def delete_item(state: JsonObject, request: Request) -> ProxyResponse:
    order = _order(state, request)
    remaining = [i for i in order["items"] if i["itemId"] != request.params.get("itemId")]
    if len(remaining) == len(order["items"]):
        raise HttpError(404, "item not found")
    _require_pending(order)
    order["items"] = remaining
    _recompute_total(order)
    return _response(204)


Route = Callable[[JsonObject, Request], ProxyResponse]

ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/orders"): list_orders,
    ("POST", "/orders"): create_order,
    ("GET", "/orders/{orderId}"): get_order,
    ("PUT", "/orders/{orderId}"): update_order,
    ("DELETE", "/orders/{orderId}"): delete_order,
    ("POST", "/orders/{orderId}/cancel"): cancel_order,
    ("GET", "/orders/{orderId}/items"): list_items,
    ("POST", "/orders/{orderId}/items"): add_item,
    ("DELETE", "/orders/{orderId}/items/{itemId}"): delete_item,
}


def handler(event: dict[str, Any], context: object) -> ProxyResponse:
    """The Lambda entry point: route on the API Gateway resource and method."""
    route = ROUTES.get((str(event.get("httpMethod")), str(event.get("resource"))))
    if route is None:
        return _error(404, f"no route for {event.get('httpMethod')} {event.get('resource')}")
    try:
        request = Request.from_event(event)
        with _locked_state() as state:
            return route(state, request)
    except HttpError as exc:
        return _error(exc.status, exc.message)
