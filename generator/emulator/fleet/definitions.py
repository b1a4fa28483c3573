"""The example fleet (orders <- pricing <- checkout) as infrastructure-code definitions.

Written out the way CDK or Terraform code describes a REST API: every model as a JSON Schema
draft-4 body (with ``$schema``, and model-to-model references in API Gateway's
``https://apigateway.amazonaws.com/restapis/{id}/models/X`` form), every method with its
``operationName`` (only where ``specs/`` has an ``operationId``), ``apiKeyRequired``,
``requestParameters``, request model and per-status response models. Nothing here is read
from ``specs/``; ``tests/test_emulator_fleet.py`` checks that the prod version agrees with it.

Each API has two versions, one per stage: ``dev`` is deployed first, then the API is changed
into ``prod`` (the documents in ``specs/``). ``BREAKING_CHANGES`` lists what ``prod`` broke.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

__all__ = [
    "API_ID_PLACEHOLDER",
    "API_NAMES",
    "BREAKING_CHANGES",
    "DRAFT4",
    "FLEET",
    "STAGES",
    "ApiDefinition",
    "ApiName",
    "ApiVersion",
    "BreakingChange",
    "MethodSpec",
    "Stage",
    "model_dependencies",
    "render_schema",
]

JsonObject = dict[str, Any]
ApiName = Literal["orders", "pricing", "checkout"]
Stage = Literal["dev", "prod"]

API_NAMES: Final[tuple[ApiName, ...]] = ("orders", "pricing", "checkout")
"""In deployment order: each API calls the one before it."""
STAGES: Final[tuple[Stage, ...]] = ("dev", "prod")
"""In deployment order: ``dev`` is deployed (and exported) first, then ``prod``."""

DRAFT4: Final = "http://json-schema.org/draft-04/schema#"
API_ID_PLACEHOLDER: Final = "${restApiId}"
"""Stands for the REST API id in model references until the API exists (like a CDK token)."""
_MODEL_URL: Final = "https://apigateway.amazonaws.com/restapis/" + API_ID_PLACEHOLDER + "/models/"

ORDER_STATUSES: Final = ("pending", "confirmed", "shipped", "cancelled")
PAYMENT_METHODS: Final = ("card", "invoice")
CHECKOUT_STATUSES: Final = ("created", "paid", "failed")


# --- building blocks ----------------------------------------------------------------------


def _ref(model: str) -> JsonObject:
    """A reference to another model of the same API, as infrastructure code writes it."""
    return {"$ref": _MODEL_URL + model}


def _model(schema: JsonObject, *, title: str | None = None) -> JsonObject:
    """A model body: draft-4 ``$schema`` first, then ``title`` (if any), then the schema."""
    body: JsonObject = {"$schema": DRAFT4}
    if title is not None:
        body["title"] = title
    body.update(schema)
    return body


def render_schema(schema: JsonObject, rest_api_id: str) -> str:
    """The model body to send to ``create_model``: JSON with the API id filled in."""
    return json.dumps(schema, indent=2).replace(API_ID_PLACEHOLDER, rest_api_id)


def model_dependencies(schema: Any) -> set[str]:
    """Names of the models ``schema`` references (anywhere inside it)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_MODEL_URL):
                found.add(value[len(_MODEL_URL) :])
            else:
                found |= model_dependencies(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= model_dependencies(value)
    return found


def _path(*names: str) -> dict[str, bool]:
    return {f"method.request.path.{name}": True for name in names}


def _query(*names: str) -> dict[str, bool]:
    return {f"method.request.querystring.{name}": False for name in names}


def _header(*names: str) -> dict[str, bool]:
    return {f"method.request.header.{name}": False for name in names}


@dataclass(frozen=True)
class MethodSpec:
    """One method of a REST API resource, everything ``put_method*`` needs."""

    http_method: str
    path: str
    #: status code -> response model name (``None``: no body, e.g. 204)
    responses: Mapping[str, str | None]
    operation_name: str | None = None
    api_key_required: bool = True
    #: ``method.request.{path,querystring,header}.NAME`` -> required
    request_parameters: Mapping[str, bool] = field(default_factory=dict)
    #: the ``application/json`` request model, validated by the "Validate body" validator
    request_model: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """``(path, HTTP method)``: what identifies the method within its API."""
        return (self.path, self.http_method)


@dataclass(frozen=True)
class ApiVersion:
    """What one stage of an API serves: its models (in creation order) and methods."""

    models: Mapping[str, JsonObject]
    methods: tuple[MethodSpec, ...]

    def method(self, path: str, http_method: str) -> MethodSpec | None:
        """The method at ``path``/``http_method``, if this version has it."""
        return next((m for m in self.methods if m.key == (path, http_method)), None)


@dataclass(frozen=True)
class ApiDefinition:
    """One API of the fleet: its name, export format, Lambda handler and per-stage versions."""

    name: ApiName
    description: str
    #: the format of the example document in specs/: ``swagger`` or ``oas30``
    export_type: Literal["swagger", "oas30"]
    #: the handler file in ``generator/emulator/fleet/lambdas/`` (module ``<stem>.handler``)
    handler_file: str
    versions: Mapping[Stage, ApiVersion]
    #: the REST API id pinned on the emulator (its ``ms-custom-id`` tag) for stable snapshots
    pinned_id: str

    @property
    def handler(self) -> str:
        """The Lambda ``Handler`` setting: ``module.function``."""
        return f"{self.handler_file.removesuffix('.py')}.handler"


@dataclass(frozen=True)
class BreakingChange:
    """A deliberate difference between the ``dev`` and ``prod`` versions of an API.

    ``operation-removed``: ``dev`` has ``method path``, ``prod`` does not.
    ``property-now-required``: ``model.property`` is optional in ``dev``, required in ``prod``.
    """

    api: ApiName
    kind: Literal["operation-removed", "property-now-required"]
    description: str
    method: str | None = None
    path: str | None = None
    operation_id: str | None = None
    model: str | None = None
    property: str | None = None


# --- shared models ------------------------------------------------------------------------

_EMPTY = _model({"type": "object"}, title="Empty Schema")
_ERROR = _model(
    {"type": "object", "properties": {"message": {"type": "string"}}}, title="Error Schema"
)
_STRING: JsonObject = {"type": "string"}


def _address() -> JsonObject:
    return {
        "type": "object",
        "required": ["line1", "city", "country"],
        "properties": {
            "line1": dict(_STRING),
            "line2": dict(_STRING),
            "city": dict(_STRING),
            "postalCode": dict(_STRING),
            "country": {"type": "string", "minLength": 2, "maxLength": 2},
        },
    }


# --- orders -------------------------------------------------------------------------------

_ORDERS_MODELS: dict[str, JsonObject] = {
    "Empty": _EMPTY,
    "Error": _ERROR,
    "NewOrderItem": _model(
        {
            "type": "object",
            "required": ["sku", "quantity", "unitPrice"],
            "properties": {
                "sku": {"type": "string", "minLength": 1},
                "quantity": {"type": "integer", "minimum": 1},
                "unitPrice": {"type": "number", "minimum": 0},
            },
        }
    ),
    "OrderItem": _model(
        {
            "type": "object",
            "required": ["itemId", "sku", "quantity", "unitPrice"],
            "properties": {
                "itemId": dict(_STRING),
                "sku": dict(_STRING),
                "quantity": {"type": "integer", "minimum": 1},
                "unitPrice": {"type": "number"},
            },
        }
    ),
    "ItemList": _model({"type": "array", "items": _ref("OrderItem")}),
    "NewOrder": _model(
        {
            "type": "object",
            "required": ["customerId"],
            "properties": {
                "customerId": {"type": "string", "minLength": 1},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "default": "USD"},
                "items": {"type": "array", "items": _ref("NewOrderItem")},
                "note": {"type": "string", "maxLength": 500},
                "shippingAddress": _address(),
            },
        }
    ),
    "Order": _model(
        {
            "type": "object",
            "required": [
                "orderId",
                "customerId",
                "status",
                "items",
                "total",
                "currency",
                "createdAt",
            ],
            "properties": {
                "orderId": dict(_STRING),
                "customerId": dict(_STRING),
                "status": {"type": "string", "enum": list(ORDER_STATUSES)},
                "items": {"type": "array", "items": _ref("OrderItem")},
                "total": {"type": "number"},
                "currency": dict(_STRING),
                "createdAt": {"type": "string", "format": "date-time"},
                "note": dict(_STRING),
                "shippingAddress": _address(),
            },
        }
    ),
    "OrderList": _model(
        {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": _ref("Order")},
                "nextToken": dict(_STRING),
            },
        }
    ),
    "OrderUpdate": _model(
        {
            "type": "object",
            "properties": {
                "status": {"type": "string", "enum": list(ORDER_STATUSES)},
                "note": {"type": "string", "maxLength": 500},
            },
        }
    ),
}

_ORDERS_PROD_METHODS: tuple[MethodSpec, ...] = (
    MethodSpec(
        "GET",
        "/orders",
        {"200": "OrderList", "400": "Error"},
        operation_name="listOrders",
        request_parameters=_query("limit", "nextToken", "status"),
    ),
    MethodSpec(
        "POST",
        "/orders",
        {"201": "Order", "400": "Error"},
        operation_name="createOrder",
        request_parameters=_header("X-Request-Id"),
        request_model="NewOrder",
    ),
    MethodSpec(
        "GET",
        "/orders/{orderId}",
        {"200": "Order", "404": "Error"},
        operation_name="getOrder",
        request_parameters=_path("orderId"),
    ),
    MethodSpec(
        "PUT",
        "/orders/{orderId}",
        {"200": "Order", "400": "Error", "404": "Error", "409": "Error"},
        request_parameters=_path("orderId"),
        request_model="OrderUpdate",
    ),
    MethodSpec(
        "DELETE",
        "/orders/{orderId}",
        {"204": None, "404": "Error"},
        request_parameters=_path("orderId"),
    ),
    MethodSpec(
        "GET",
        "/orders/{orderId}/items",
        {"200": "ItemList", "404": "Error"},
        request_parameters=_path("orderId"),
    ),
    MethodSpec(
        "POST",
        "/orders/{orderId}/items",
        {"201": "OrderItem", "400": "Error", "404": "Error", "409": "Error"},
        request_parameters=_path("orderId"),
        request_model="NewOrderItem",
    ),
    MethodSpec(
        "DELETE",
        "/orders/{orderId}/items/{itemId}",
        {"204": None, "404": "Error", "409": "Error"},
        request_parameters=_path("itemId", "orderId"),
    ),
)

_CANCEL_ORDER = MethodSpec(
    "POST",
    "/orders/{orderId}/cancel",
    {"200": "Order", "404": "Error", "409": "Error"},
    operation_name="cancelOrder",
    request_parameters=_path("orderId"),
)

_ORDERS = ApiDefinition(
    name="orders",
    description="Orders and their items (example fleet)",
    export_type="swagger",
    handler_file="orders_api.py",
    versions={
        # dev still has the cancel endpoint; prod retired it (PUT status=cancelled instead)
        "dev": ApiVersion(
            _ORDERS_MODELS, (*_ORDERS_PROD_METHODS[:5], _CANCEL_ORDER, *_ORDERS_PROD_METHODS[5:])
        ),
        "prod": ApiVersion(_ORDERS_MODELS, _ORDERS_PROD_METHODS),
    },
    pinned_id="abc123defg",
)


# --- pricing ------------------------------------------------------------------------------


def _quote_request(*, order_id_required: bool) -> JsonObject:
    schema: JsonObject = {"type": "object"}
    if order_id_required:
        schema["required"] = ["orderId"]
    schema["properties"] = {
        "orderId": {"type": "string", "minLength": 1},
        "couponCode": dict(_STRING),
    }
    return _model(schema)


def _pricing_models(*, order_id_required: bool) -> dict[str, JsonObject]:
    return {
        "Empty": _EMPTY,
        "Error": _ERROR,
        "Price": _model(
            {
                "required": ["currency", "sku", "unitPrice"],
                "type": "object",
                "properties": {
                    "sku": dict(_STRING),
                    "unitPrice": {"type": "number"},
                    "currency": dict(_STRING),
                },
            }
        ),
        "QuoteLine": _model(
            {
                "required": ["lineTotal", "quantity", "sku", "unitPrice"],
                "type": "object",
                "properties": {
                    "sku": dict(_STRING),
                    "quantity": {"type": "integer"},
                    "unitPrice": {"type": "number"},
                    "lineTotal": {"type": "number"},
                },
            }
        ),
        "Quote": _model(
            {
                "required": [
                    "currency",
                    "discount",
                    "expiresAt",
                    "lines",
                    "orderId",
                    "quoteId",
                    "subtotal",
                    "total",
                ],
                "type": "object",
                "properties": {
                    "quoteId": dict(_STRING),
                    "orderId": dict(_STRING),
                    "couponCode": dict(_STRING),
                    "couponApplied": {"type": "boolean"},
                    "subtotal": {"type": "number"},
                    "discount": {"type": "number"},
                    "total": {"type": "number"},
                    "currency": dict(_STRING),
                    "expiresAt": {"type": "string", "format": "date-time"},
                    "lines": {"type": "array", "items": _ref("QuoteLine")},
                },
            }
        ),
        "QuoteRequest": _quote_request(order_id_required=order_id_required),
    }


_PRICING_METHODS: tuple[MethodSpec, ...] = (
    MethodSpec(
        "GET",
        "/prices/{sku}",
        {"200": "Price", "400": "Error", "404": "Error"},
        api_key_required=False,
        request_parameters={**_path("sku"), **_query("currency")},
    ),
    MethodSpec(
        "POST",
        "/quotes",
        {"200": "Quote", "400": "Error", "404": "Error"},
        request_model="QuoteRequest",
    ),
    MethodSpec(
        "GET",
        "/quotes/{quoteId}",
        {"200": "Quote", "404": "Error"},
        request_parameters=_path("quoteId"),
    ),
)

_PRICING = ApiDefinition(
    name="pricing",
    description="Quotes for orders and the price list (example fleet)",
    export_type="oas30",
    handler_file="pricing_api.py",
    versions={
        "dev": ApiVersion(_pricing_models(order_id_required=False), _PRICING_METHODS),
        "prod": ApiVersion(_pricing_models(order_id_required=True), _PRICING_METHODS),
    },
    pinned_id="p1q2r3s4t5",
)


# --- checkout -----------------------------------------------------------------------------

_CHECKOUT_MODELS: dict[str, JsonObject] = {
    "Checkout": _model(
        {
            "required": [
                "checkoutId",
                "currency",
                "orderId",
                "paymentMethod",
                "quoteId",
                "status",
                "total",
            ],
            "type": "object",
            "properties": {
                "checkoutId": dict(_STRING),
                "orderId": dict(_STRING),
                "quoteId": dict(_STRING),
                "total": {"type": "number"},
                "currency": dict(_STRING),
                "paymentMethod": {"type": "string", "enum": list(PAYMENT_METHODS)},
                "status": {"type": "string", "enum": list(CHECKOUT_STATUSES)},
            },
        }
    ),
    "CheckoutRequest": _model(
        {
            "required": ["orderId"],
            "type": "object",
            "properties": {
                "orderId": {"type": "string", "minLength": 1},
                "couponCode": dict(_STRING),
                "paymentMethod": {"type": "string", "enum": list(PAYMENT_METHODS)},
            },
        }
    ),
    "Empty": _EMPTY,
    "Error": _ERROR,
}

_CHECKOUT_METHODS: tuple[MethodSpec, ...] = (
    MethodSpec(
        "POST",
        "/checkouts",
        {"201": "Checkout", "400": "Error", "404": "Error", "409": "Error"},
        operation_name="createCheckout",
        request_parameters=_header("Idempotency-Key"),
        request_model="CheckoutRequest",
    ),
    MethodSpec(
        "GET",
        "/checkouts/{checkoutId}",
        {"200": "Checkout", "404": "Error"},
        operation_name="getCheckout",
        request_parameters=_path("checkoutId"),
    ),
    MethodSpec(
        "POST",
        "/checkouts/{checkoutId}/confirm",
        {"200": "Checkout", "404": "Error", "409": "Error"},
        request_parameters=_path("checkoutId"),
    ),
)

_CHECKOUT = ApiDefinition(
    name="checkout",
    description="Checkouts of priced orders (example fleet)",
    export_type="oas30",
    handler_file="checkout_api.py",
    versions={
        "dev": ApiVersion(_CHECKOUT_MODELS, _CHECKOUT_METHODS),
        "prod": ApiVersion(_CHECKOUT_MODELS, _CHECKOUT_METHODS),
    },
    pinned_id="k7m2n9x4w1",
)


FLEET: Final[Mapping[ApiName, ApiDefinition]] = {
    "orders": _ORDERS,
    "pricing": _PRICING,
    "checkout": _CHECKOUT,
}

BREAKING_CHANGES: Final[tuple[BreakingChange, ...]] = (
    BreakingChange(
        api="orders",
        kind="operation-removed",
        description=(
            "POST /orders/{orderId}/cancel (cancelOrder) exists in dev and was removed in prod;"
            " prod cancels with PUT /orders/{orderId} and status=cancelled"
        ),
        method="POST",
        path="/orders/{orderId}/cancel",
        operation_id="cancelOrder",
    ),
    BreakingChange(
        api="pricing",
        kind="property-now-required",
        description="QuoteRequest.orderId is optional in dev and required in prod",
        model="QuoteRequest",
        property="orderId",
    ),
)
