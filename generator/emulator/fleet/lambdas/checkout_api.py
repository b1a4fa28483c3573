"""Lambda handler of the example fleet's checkout API (REST API, Lambda proxy integration).

Standalone: standard library only. ``POST /checkouts`` asks the pricing API for a fresh quote
of the order with a plain ``urllib`` call (``POST {PRICING_BASE_URL}/quotes`` with
``x-api-key: $PRICING_API_KEY``) and checks out at the quoted total.

State: ``$FLEET_STATE_DIR/checkout.json`` (checkouts, Idempotency-Key records), read and
written under ``flock`` because each concurrent invocation may run in its own worker process.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import json
import os
import tempfile
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JsonObject = dict[str, Any]
ProxyResponse = dict[str, Any]

STATE_FILE = "checkout.json"
PAYMENT_METHODS = ("card", "invoice")
#: Card payments above this total fail when the checkout is confirmed.
CARD_LIMIT = 10_000.0
PRICING_TIMEOUT_S = 25.0


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
    headers: dict[str, str]
    body: Any

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Request:
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        return cls(dict(event.get("pathParameters") or {}), headers, _parse_body(event))

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
            state.setdefault("checkouts", {})
            state.setdefault("idempotency", {})
            yield state
            partial = path.with_name(f"{STATE_FILE}.{os.getpid()}.partial")
            partial.write_text(json.dumps(state, indent=1))
            os.replace(partial, path)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


# --- the pricing service, over plain HTTP -------------------------------------------------


def _request_quote(order_id: str, coupon: str | None) -> JsonObject:
    """``POST /quotes`` on the pricing API; its 400/404 become ours, anything else a 502."""
    payload: JsonObject = {"orderId": order_id}
    if coupon is not None:
        payload["couponCode"] = coupon
    request = urllib.request.Request(
        os.environ["PRICING_BASE_URL"].rstrip("/") + "/quotes",
        data=json.dumps(payload).encode(),
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "x-api-key": os.environ["PRICING_API_KEY"],
            "User-Agent": "fleet-checkout/1.0 (urllib)",
        },
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=PRICING_TIMEOUT_S) as answer:
            quote: JsonObject = json.loads(answer.read())
            return quote
    except urllib.error.HTTPError as exc:
        try:
            message = str(json.loads(exc.read()).get("message", exc.reason))
        except (ValueError, AttributeError):
            message = str(exc.reason)
        if exc.code in (400, 404):
            raise HttpError(exc.code, message) from None
        raise HttpError(502, f"pricing service failed ({exc.code}): {message}") from None
    except (OSError, ValueError) as exc:
        raise HttpError(502, f"pricing service unreachable: {exc}") from None


# --- routes -------------------------------------------------------------------------------


def create_checkout(request: Request) -> ProxyResponse:
    body = request.object_body()
    order_id = body.get("orderId")
    if not isinstance(order_id, str) or not order_id:
        raise HttpError(400, "orderId is required")
    payment_method = body.get("paymentMethod", "card")
    if payment_method not in PAYMENT_METHODS:
        raise HttpError(400, f"paymentMethod must be one of {', '.join(PAYMENT_METHODS)}")
    key = request.headers.get("idempotency-key")

    def replay(state: JsonObject) -> ProxyResponse | None:
        if key is None or key not in state["idempotency"]:
            return None
        record = state["idempotency"][key]
        if record["body"] != body:
            raise HttpError(409, "Idempotency-Key was already used for a different request")
        return _response(201, state["checkouts"][record["checkoutId"]])

    with _locked_state() as state:
        replayed = replay(state)
    if replayed is not None:
        return replayed

    quote = _request_quote(order_id, body.get("couponCode"))

    with _locked_state() as state:
        replayed = replay(state)
        if replayed is not None:
            return replayed
        if any(
            c["orderId"] == order_id and c["status"] in ("created", "paid")
            for c in state["checkouts"].values()
        ):
            raise HttpError(409, "a checkout already exists for this order")
        checkout: JsonObject = {
            "checkoutId": f"chk-{uuid.uuid4().hex[:12]}",
            "orderId": order_id,
            "quoteId": quote["quoteId"],
            "total": quote["total"],
            "currency": quote.get("currency", "USD"),
            "paymentMethod": payment_method,
            "status": "created",
        }
        state["checkouts"][checkout["checkoutId"]] = checkout
        if key is not None:
            state["idempotency"][key] = {"body": body, "checkoutId": checkout["checkoutId"]}
    return _response(201, checkout)


def get_checkout(request: Request) -> ProxyResponse:
    with _locked_state() as state:
        checkout = state["checkouts"].get(request.params.get("checkoutId", ""))
    if checkout is None:
        raise HttpError(404, "checkout not found")
    return _response(200, checkout)


def confirm_checkout(request: Request) -> ProxyResponse:
    with _locked_state() as state:
        checkout = state["checkouts"].get(request.params.get("checkoutId", ""))
        if checkout is None:
            raise HttpError(404, "checkout not found")
        if checkout["status"] == "paid":
            raise HttpError(409, "checkout already confirmed")
        if checkout["status"] == "failed":
            raise HttpError(409, "payment failed; create a new checkout")
        declined = checkout["paymentMethod"] == "card" and checkout["total"] > CARD_LIMIT
        checkout["status"] = "failed" if declined else "paid"
    return _response(200, checkout)


ROUTES: dict[tuple[str, str], Callable[[Request], ProxyResponse]] = {
    ("POST", "/checkouts"): create_checkout,
    ("GET", "/checkouts/{checkoutId}"): get_checkout,
    ("POST", "/checkouts/{checkoutId}/confirm"): confirm_checkout,
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
