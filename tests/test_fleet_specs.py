"""The example fleet fixture documents (hand-written exports): validity, export shape, and agreement with the server.

The consistency tests send a request to every operation of every document to the
FleetServer (tests/support/fleet_server.py) and check the answer against what the document
declares for that operation, so the documents and the server cannot drift apart.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from jsonschema import Draft4Validator
from openapi_spec_validator import validate

from tests.support.fleet_server import REQUEST_SCHEMAS, ROUTES, ApiName, FleetServer

SPECS_DIR = Path(__file__).resolve().parent / "fixtures" / "fleet"
SPEC_FILES: dict[ApiName, Path] = {
    "orders": SPECS_DIR / "orders" / "prod.json",
    "pricing": SPECS_DIR / "pricing" / "prod.yaml",
    "checkout": SPECS_DIR / "checkout" / "prod.json",
}
APIS: list[ApiName] = ["orders", "pricing", "checkout"]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
KEY = {"x-api-key": "test-key"}
LAMBDA_URI = re.compile(
    r"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    r"arn:aws:lambda:us-east-1:123456789012:function:[a-z-]+/invocations"
)


def load(api: ApiName) -> dict[str, Any]:
    text = SPEC_FILES[api].read_text(encoding="utf-8")
    doc = yaml.safe_load(text) if SPEC_FILES[api].suffix == ".yaml" else json.loads(text)
    assert isinstance(doc, dict)
    return doc


@dataclass(frozen=True)
class Operation:
    api: ApiName
    method: str  # upper case
    path: str
    spec: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        return f"{self.api} {self.method} {self.path}"


def operations(api: ApiName) -> list[Operation]:
    doc = load(api)
    return [
        Operation(api, method.upper(), path, item[method])
        for path, item in doc["paths"].items()
        for method in METHODS
        if method in item
    ]


ALL_OPERATIONS = [op for api in APIS for op in operations(api)]


def is_swagger(doc: Mapping[str, Any]) -> bool:
    return doc.get("swagger") == "2.0"


def declared_statuses(op: Operation) -> set[int]:
    return {int(code) for code in op.spec["responses"]}


def success_status(op: Operation) -> int:
    (status,) = [s for s in declared_statuses(op) if 200 <= s < 300]
    return status


def response_schema(doc: Mapping[str, Any], op: Operation, status: int) -> Any:
    response = op.spec["responses"][str(status)]
    if is_swagger(doc):
        return response.get("schema")
    return response.get("content", {}).get("application/json", {}).get("schema")


def body_model(doc: Mapping[str, Any], op: Operation) -> str | None:
    if is_swagger(doc):
        bodies = [p for p in op.spec.get("parameters", []) if p["in"] == "body"]
        schema = bodies[0]["schema"] if bodies else None
    else:
        request_body = op.spec.get("requestBody")
        schema = request_body["content"]["application/json"]["schema"] if request_body else None
    return None if schema is None else str(schema["$ref"]).rsplit("/", 1)[-1]


def models(doc: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = doc["definitions"] if is_swagger(doc) else doc["components"]["schemas"]
    return result


def inline_refs(doc: Mapping[str, Any], schema: Any) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema:
            return inline_refs(doc, models(doc)[schema["$ref"].rsplit("/", 1)[-1]])
        return {k: inline_refs(doc, v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [inline_refs(doc, v) for v in schema]
    return schema


def is_secured(doc: Mapping[str, Any], op: Operation) -> bool:
    requirements = op.spec.get("security", doc.get("security", []))
    return any("api_key" in requirement for requirement in requirements)


def validate_body(doc: Mapping[str, Any], schema: Mapping[str, Any], body: Any) -> None:
    root = dict(schema)
    if is_swagger(doc):
        root["definitions"] = doc["definitions"]
    else:
        root["components"] = doc["components"]
    Draft4Validator(root, format_checker=Draft4Validator.FORMAT_CHECKER).validate(body)


def jackson(value: Any, level: int = 0) -> str:
    """Jackson's DefaultPrettyPrinter, as used by API Gateway's JSON exports."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        inner = "  " * (level + 1)
        members = [f"{inner}{json.dumps(k)} : {jackson(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(members) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        return "[ " + ", ".join(jackson(v, level) for v in value) + " ]" if value else "[ ]"
    return json.dumps(value)


# ----------------------------------------------------------------------------- the documents


@pytest.mark.parametrize("api", APIS)
def test_document_is_valid(api: ApiName) -> None:
    validate(load(api))


def test_document_versions_and_servers() -> None:
    orders, pricing, checkout = load("orders"), load("pricing"), load("checkout")
    assert orders["swagger"] == "2.0"
    assert orders["info"]["title"] == "orders"
    assert orders["host"] == "abc123defg.execute-api.us-east-1.amazonaws.com"
    assert orders["basePath"] == "/prod"
    assert orders["schemes"] == ["https"]
    for doc, title, api_id, base_path in [
        (pricing, "pricing", "p1q2r3s4t5", "prod"),  # current export form
        (checkout, "checkout", "k7m2n9x4w1", "/prod"),  # exports before 2023
    ]:
        assert doc["openapi"] == "3.0.1"
        assert doc["info"]["title"] == title
        assert doc["servers"] == [
            {
                "url": f"https://{api_id}.execute-api.us-east-1.amazonaws.com/{{basePath}}",
                "variables": {"basePath": {"default": base_path}},
            }
        ]


@pytest.mark.parametrize("api", ["orders", "checkout"])
def test_json_documents_are_jackson_pretty_printed(api: ApiName) -> None:
    text = SPEC_FILES[api].read_text(encoding="utf-8")
    assert text == jackson(json.loads(text))


def test_yaml_document_is_export_shaped() -> None:
    text = SPEC_FILES["pricing"].read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert 'openapi: "3.0.1"\n' in text
    assert re.search(r'^ +"200":$', text, re.MULTILINE)  # quoted status keys (newer exports)
    assert not re.search(r"^ +\d{3}:", text, re.MULTILINE)


@pytest.mark.parametrize("api", APIS)
def test_documents_have_api_gateway_defaults(api: ApiName) -> None:
    doc = load(api)
    schemes = (
        doc["securityDefinitions"] if is_swagger(doc) else doc["components"]["securitySchemes"]
    )
    assert schemes == {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}}
    assert models(doc)["Empty"] == {"type": "object", "title": "Empty Schema"}
    assert models(doc)["Error"] == {
        "title": "Error Schema",
        "type": "object",
        "properties": {"message": {"type": "string"}},
    }
    assert doc["x-amazon-apigateway-request-validators"] == {
        "Validate body": {"validateRequestParameters": False, "validateRequestBody": True}
    }


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.id)
def test_operations_are_export_shaped(op: Operation) -> None:
    doc = load(op.api)
    integration = op.spec["x-amazon-apigateway-integration"]
    assert integration["type"] == "aws_proxy"
    assert integration["httpMethod"] == "POST"
    assert integration["passthroughBehavior"] == "when_no_match"
    assert LAMBDA_URI.fullmatch(integration["uri"])
    assert "tags" not in op.spec
    for code, response in op.spec["responses"].items():
        assert response["description"] == f"{code} response"
        schema = response_schema(doc, op, int(code))
        if int(code) >= 400:
            assert schema == {
                "$ref": "#/definitions/Error" if is_swagger(doc) else "#/components/schemas/Error"
            }
    for parameter in op.spec.get("parameters", []):
        if parameter["in"] == "body":
            continue
        type_ = parameter["type"] if is_swagger(doc) else parameter["schema"]["type"]
        assert type_ == "string", parameter
        if parameter["in"] == "path":
            assert parameter["required"] is True
            assert "{" + parameter["name"] + "}" in op.path
    if body_model(doc, op) is not None:
        assert op.spec["x-amazon-apigateway-request-validator"] == "Validate body"
        if not is_swagger(doc):
            assert op.spec["requestBody"]["required"] is True


def test_operation_ids_are_sparse_like_real_exports() -> None:
    found = {(op.api, op.method, op.path): op.spec.get("operationId") for op in ALL_OPERATIONS}
    named = {key: value for key, value in found.items() if value is not None}
    assert named == {
        ("orders", "GET", "/orders"): "listOrders",
        ("orders", "POST", "/orders"): "createOrder",
        ("orders", "GET", "/orders/{orderId}"): "getOrder",
        ("checkout", "POST", "/checkouts"): "createCheckout",
        ("checkout", "GET", "/checkouts/{checkoutId}"): "getCheckout",
    }
    assert len(found) == 14


# ----------------------------------------------------------------------------- server agreement


@pytest.mark.parametrize("api", APIS)
def test_server_routes_match_document(api: ApiName) -> None:
    doc = load(api)
    documented = {
        (op.method, op.path, is_secured(doc, op), body_model(doc, op)) for op in operations(api)
    }
    served = {(r.method, r.path, r.secured, r.body_model) for r in ROUTES[api]}
    assert served == documented


def _validation_view(schema: Any) -> Any:
    """The keywords of a model that the body validator acts on."""
    if isinstance(schema, list):
        return [_validation_view(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    kept = ("type", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern")
    view: dict[str, Any] = {k: schema[k] for k in kept if k in schema}
    if "required" in schema:
        view["required"] = sorted(schema["required"])
    if "items" in schema:
        view["items"] = _validation_view(schema["items"])
    if "properties" in schema:
        view["properties"] = {k: _validation_view(v) for k, v in schema["properties"].items()}
    return view


def _request_models() -> Iterator[tuple[ApiName, str]]:
    for api in APIS:
        doc = load(api)
        for op in operations(api):
            model = body_model(doc, op)
            if model is not None:
                yield api, model


@pytest.mark.parametrize(("api", "model"), sorted(set(_request_models())))
def test_server_body_validation_matches_document_model(api: ApiName, model: str) -> None:
    doc = load(api)
    documented = _validation_view(inline_refs(doc, models(doc)[model]))
    assert _validation_view(REQUEST_SCHEMAS[model]) == documented


def test_every_request_model_is_known_to_the_server() -> None:
    assert {model for _, model in _request_models()} == set(REQUEST_SCHEMAS)


# Values for path parameters, headers and body fields, by name. "{...}" names an id of
# the state seeded by _seed().
KNOWN: dict[str, Any] = {
    "orderId": "{orderId}",
    "itemId": "{itemId}",
    "quoteId": "{quoteId}",
    "checkoutId": "{checkoutId}",
    "sku": "WIDGET-1",
    "customerId": "cust-1",
    "currency": "USD",
    "couponCode": "SAVE10",
    "X-Request-Id": "req-0001",
    "Idempotency-Key": "idem-0001",
}


def _seed(srv: FleetServer) -> dict[str, str]:
    """State every API can use: orders, quotes and checkouts in several states."""
    order = srv.seed_order({"customerId": "cust-1", "items": [{"sku": "WIDGET-1", "quantity": 2}]})
    quote = srv.seed_quote({"orderId": order["orderId"], "total": 17.98, "couponCode": "SAVE10"})
    cancelled = srv.seed_order({"status": "cancelled", "items": [{"sku": "GIZMO-3"}]})
    checked_out = srv.seed_order({"items": [{"sku": "GADGET-2"}]})
    srv.seed_quote({"orderId": checked_out["orderId"], "total": 24.5})
    checkout = srv.seed_checkout({"orderId": checked_out["orderId"], "total": 24.5})
    paid = srv.seed_checkout({"orderId": "ord-paid", "total": 3.0, "status": "paid"})
    return {
        "orderId": order["orderId"],
        "itemId": order["items"][0]["itemId"],
        "quoteId": quote["quoteId"],
        "cancelledOrderId": cancelled["orderId"],
        "cancelledItemId": cancelled["items"][0]["itemId"],
        "checkedOutOrderId": checked_out["orderId"],
        "checkoutId": checkout["checkoutId"],
        "paidCheckoutId": paid["checkoutId"],
    }


def _fill(value: Any, ids: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _example(schema: Mapping[str, Any], name: str | None = None) -> Any:
    """A plausible value for ``schema`` (all properties filled, known names preferred)."""
    if name in KNOWN:
        return KNOWN[name]
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {k: _example(v, k) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [_example(schema["items"])]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return schema.get("minimum", 0) + 1.5
    if kind == "boolean":
        return True
    assert kind == "string" and "pattern" not in schema, f"add a KNOWN value for {name}"
    return "x" * max(schema.get("minLength", 1), 1)


@dataclass(frozen=True)
class Request:
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


def _plausible_request(doc: Mapping[str, Any], op: Operation) -> Request:
    request = Request()
    for parameter in op.spec.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if where == "path":
            request.path_params[name] = KNOWN[name]
        elif where == "header":
            request.headers[name] = KNOWN.get(name, "x")
        elif where == "query" and parameter.get("required"):
            request.query[name] = KNOWN[name]
    model = body_model(doc, op)
    if model is not None:
        body = _example(inline_refs(doc, models(doc)[model]))
        return Request(request.path_params, request.query, request.headers, body)
    return request


def _send(
    srv: FleetServer, op: Operation, request: Request, ids: Mapping[str, str], *, key: bool = True
) -> httpx.Response:
    params = {k: _fill(v, ids) for k, v in request.path_params.items()}
    path = op.path
    for name, value in params.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    headers = {**(KEY if key else {}), **_fill(request.headers, ids)}
    kwargs: dict[str, Any] = {"params": _fill(request.query, ids), "headers": headers}
    if request.body is not None:
        kwargs["json"] = _fill(request.body, ids)
    return httpx.request(op.method, srv.base_url + path, timeout=5, **kwargs)


def _check_response(doc: Mapping[str, Any], op: Operation, response: httpx.Response) -> None:
    assert response.status_code in declared_statuses(op), (
        f"{op.id} answered {response.status_code} {response.text}, "
        f"the document declares {sorted(declared_statuses(op))}"
    )
    schema = response_schema(doc, op, response.status_code)
    if schema is None:
        assert response.content == b""
    else:
        assert response.headers["content-type"] == "application/json"
        validate_body(doc, schema, response.json())


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.id)
def test_server_implements_operation(op: Operation) -> None:
    doc = load(op.api)
    request = _plausible_request(doc, op)
    with FleetServer(op.api) as srv:
        ids = _seed(srv)
        anonymous = _send(srv, op, request, ids, key=False)
        if is_secured(doc, op):
            assert anonymous.status_code == 403
            assert anonymous.json() == {"message": "Forbidden"}
            response = _send(srv, op, request, ids)
        else:
            response = anonymous
        assert srv.errors == []
    _check_response(doc, op, response)
    assert response.status_code == success_status(op), response.text


@dataclass(frozen=True)
class ErrorCase:
    api: ApiName
    method: str
    path: str
    status: int
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.api} {self.method} {self.path} {self.status} {self.note}".strip()


MISSING = {"orderId": "ord-missing"}
NEW_ITEM = {"sku": "GIZMO-3", "quantity": 1, "unitPrice": 3.75}
CANCELLED = {"orderId": "{cancelledOrderId}"}
ERROR_CASES = [
    ErrorCase("orders", "GET", "/orders", 400, query={"limit": "0"}, note="bad limit"),
    ErrorCase("orders", "POST", "/orders", 400, body={"items": []}, note="no customerId"),
    ErrorCase("orders", "GET", "/orders/{orderId}", 404, MISSING),
    ErrorCase("orders", "PUT", "/orders/{orderId}", 400, body={"status": "lost"}),
    ErrorCase("orders", "PUT", "/orders/{orderId}", 404, MISSING, body={"note": "x"}),
    ErrorCase("orders", "PUT", "/orders/{orderId}", 409, CANCELLED, body={"note": "x"}),
    ErrorCase("orders", "DELETE", "/orders/{orderId}", 404, MISSING),
    ErrorCase("orders", "GET", "/orders/{orderId}/items", 404, MISSING),
    ErrorCase("orders", "POST", "/orders/{orderId}/items", 400, body={"sku": "GIZMO-3"}),
    ErrorCase("orders", "POST", "/orders/{orderId}/items", 404, MISSING, body=NEW_ITEM),
    ErrorCase("orders", "POST", "/orders/{orderId}/items", 409, CANCELLED, body=NEW_ITEM),
    ErrorCase(
        "orders", "DELETE", "/orders/{orderId}/items/{itemId}", 404, {"itemId": "itm-missing"}
    ),
    ErrorCase(
        "orders",
        "DELETE",
        "/orders/{orderId}/items/{itemId}",
        409,
        {**CANCELLED, "itemId": "{cancelledItemId}"},
    ),
    ErrorCase("pricing", "GET", "/prices/{sku}", 400, query={"currency": "XXX"}),
    ErrorCase("pricing", "GET", "/prices/{sku}", 404, {"sku": "NOPE-0"}),
    ErrorCase("pricing", "POST", "/quotes", 400, body={"orderId": "{orderId}", "couponCode": "?"}),
    ErrorCase("pricing", "POST", "/quotes", 404, body=MISSING),
    ErrorCase("pricing", "GET", "/quotes/{quoteId}", 404, {"quoteId": "q-missing"}),
    ErrorCase("checkout", "POST", "/checkouts", 400, body={"orderId": ""}),
    ErrorCase("checkout", "POST", "/checkouts", 404, body=MISSING),
    ErrorCase("checkout", "POST", "/checkouts", 409, body={"orderId": "{checkedOutOrderId}"}),
    ErrorCase("checkout", "GET", "/checkouts/{checkoutId}", 404, {"checkoutId": "chk-missing"}),
    ErrorCase(
        "checkout", "POST", "/checkouts/{checkoutId}/confirm", 404, {"checkoutId": "chk-missing"}
    ),
    ErrorCase(
        "checkout",
        "POST",
        "/checkouts/{checkoutId}/confirm",
        409,
        {"checkoutId": "{paidCheckoutId}"},
    ),
]


def _operation(api: ApiName, method: str, path: str) -> Operation:
    (op,) = [o for o in ALL_OPERATIONS if (o.api, o.method, o.path) == (api, method, path)]
    return op


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda case: case.id)
def test_server_error_responses_are_declared(case: ErrorCase) -> None:
    op = _operation(case.api, case.method, case.path)
    doc = load(op.api)
    plausible = _plausible_request(doc, op)
    request = Request(
        {**plausible.path_params, **case.path_params},
        case.query,
        plausible.headers,
        copy.deepcopy(case.body),
    )
    with FleetServer(op.api) as srv:
        ids = _seed(srv)
        response = _send(srv, op, request, ids)
        assert srv.errors == []
    assert response.status_code == case.status, response.text
    _check_response(doc, op, response)


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: op.id)
def test_every_declared_response_is_exercised(op: Operation) -> None:
    cases = {
        c.status for c in ERROR_CASES if (c.api, c.method, c.path) == (op.api, op.method, op.path)
    }
    assert declared_statuses(op) == {success_status(op)} | cases
