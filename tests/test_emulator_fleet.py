"""The example fleet deployed on the embedded emulator: real REST APIs, Lambda functions, keys.

One deployment (``deploy_fleet``) serves the module. The data-plane tests call the live
``prod`` stages with httpx; the export tests use the exports saved when each stage was
deployed (ministack exports its live working tree for every stage, so nothing else shows
what ``dev`` got).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.emulator import Emulator
from generator.emulator.fleet import (
    API_NAMES,
    BREAKING_CHANGES,
    FLEET,
    STAGES,
    ApiName,
    DeployedFleet,
    Stage,
    deploy_fleet,
)
from generator.pipeline import generate
from generator.spec.load import load_file
from generator.spec.normalize import iter_operations, normalize

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SPECS = {
    "orders": REPO / "tests" / "fixtures" / "fleet" / "orders" / "prod.json",
    "pricing": REPO / "tests" / "fixtures" / "fleet" / "pricing" / "prod.yaml",
    "checkout": REPO / "tests" / "fixtures" / "fleet" / "checkout" / "prod.json",
}
ORDERS_CLIENT_AGENT = "orders-client/"
NEW_ORDER: dict[str, Any] = {
    "customerId": "cust-42",
    "items": [
        {"sku": "WIDGET-1", "quantity": 2, "unitPrice": 9.0},
        {"sku": "GADGET-2", "quantity": 1, "unitPrice": 20.0},
        {"sku": "UNLISTED-9", "quantity": 3, "unitPrice": 1.25},
    ],
}


@pytest.fixture(scope="module")
def deploy_log() -> list[str]:
    return []


@pytest.fixture(scope="module")
def fleet(
    emulator: Emulator, tmp_path_factory: pytest.TempPathFactory, deploy_log: list[str]
) -> DeployedFleet:
    emulator.reset()
    return deploy_fleet(emulator, workdir=tmp_path_factory.mktemp("fleet"), echo=deploy_log.append)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, timeout=60) as client:
        yield client


def _key(fleet: DeployedFleet, name: ApiName) -> dict[str, str]:
    return {"x-api-key": fleet.apis[name].api_key}


def _create_order(http: httpx.Client, fleet: DeployedFleet) -> dict[str, Any]:
    response = http.post(
        f"{fleet.orders.url()}/orders", headers=_key(fleet, "orders"), json=NEW_ORDER
    )
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


# --- deployment ---------------------------------------------------------------------------


def test_deployment_shape(fleet: DeployedFleet, emulator: Emulator, deploy_log: list[str]) -> None:
    assert tuple(fleet.apis) == API_NAMES
    apigw = emulator.boto3_client("apigateway")
    for name, api in fleet.apis.items():
        assert api.name == name
        assert set(api.exports) == set(STAGES)
        assert api.stage_urls == {s: emulator.invoke_url(api.api_id, s) for s in STAGES}
        assert {s["stageName"] for s in apigw.get_stages(restApiId=api.api_id)["item"]} == set(
            STAGES
        )
        assert apigw.get_rest_api(restApiId=api.api_id)["name"] == name
        assert api.api_key and api.api_key not in repr(api)
        plan = apigw.get_usage_plan(usagePlanId=api.usage_plan_id)
        assert {(s["apiId"], s["stage"]) for s in plan["apiStages"]} == {
            (api.api_id, s) for s in STAGES
        }
    # Lambda state lives inside the emulator's private folder, removed when it stops.
    assert emulator.temp_dir is not None and fleet.state_dir.parent == emulator.temp_dir
    assert deploy_log and fleet.seconds < 60
    for api in fleet.apis.values():
        assert not any(api.api_key in line for line in deploy_log)


def test_methods_match_the_definitions(fleet: DeployedFleet, emulator: Emulator) -> None:
    apigw = emulator.boto3_client("apigateway")
    api = fleet.orders
    resources = {r["path"]: r["id"] for r in apigw.get_resources(restApiId=api.api_id)["items"]}
    method = apigw.get_method(
        restApiId=api.api_id, resourceId=resources["/orders/{orderId}"], httpMethod="GET"
    )
    assert method["operationName"] == "getOrder"
    assert method["apiKeyRequired"] is True
    assert method["requestParameters"] == {"method.request.path.orderId": True}
    assert method["methodIntegration"]["type"] == "AWS_PROXY"
    assert method["methodIntegration"]["uri"].endswith(":function:fleet-orders/invocations")
    model = apigw.get_model(restApiId=api.api_id, modelName="OrderList")
    assert f"/restapis/{api.api_id}/models/Order" in model["schema"]
    # the prod working tree has no cancel resource any more
    assert "/orders/{orderId}/cancel" not in resources


# --- data plane ---------------------------------------------------------------------------


def test_api_key_is_enforced(fleet: DeployedFleet, http: httpx.Client) -> None:
    orders = fleet.orders.url()
    missing = http.get(f"{orders}/orders")
    assert missing.status_code == 403
    assert missing.json() == {"message": "Forbidden"}
    wrong = http.get(f"{orders}/orders", headers={"x-api-key": "not-the-key-0123456789"})
    assert wrong.status_code == 403
    # another API's key is not in this API's usage plan
    assert http.get(f"{orders}/orders", headers=_key(fleet, "pricing")).status_code == 403
    assert http.post(f"{fleet.pricing.url()}/quotes", json={"orderId": "x"}).status_code == 403
    # the one public operation
    price = http.get(f"{fleet.pricing.url()}/prices/WIDGET-1", params={"currency": "EUR"})
    assert price.status_code == 200, price.text
    assert price.json() == {"sku": "WIDGET-1", "unitPrice": 8.99, "currency": "EUR"}


def test_order_round_trip(fleet: DeployedFleet, http: httpx.Client) -> None:
    created = _create_order(http, fleet)
    assert created["status"] == "pending"
    assert created["total"] == 41.75
    assert [i["sku"] for i in created["items"]] == [i["sku"] for i in NEW_ORDER["items"]]

    read = http.get(
        f"{fleet.orders.url()}/orders/{created['orderId']}", headers=_key(fleet, "orders")
    )

    assert read.status_code == 200, read.text
    assert read.json() == created
    assert read.headers["content-type"] == "application/json"
    missing = http.get(f"{fleet.orders.url()}/orders/ord-nope", headers=_key(fleet, "orders"))
    assert missing.status_code == 404
    assert missing.json() == {"message": "order not found"}


def test_body_validator_rejects_invalid_orders(fleet: DeployedFleet, http: httpx.Client) -> None:
    url, key = f"{fleet.orders.url()}/orders", _key(fleet, "orders")
    no_customer = http.post(url, headers=key, json={"items": []})
    assert no_customer.status_code == 400
    assert no_customer.json() == {"message": "Invalid request body"}
    # NewOrder.items refers to the NewOrderItem model (an apigateway.amazonaws.com model URL)
    bad_item = {"customerId": "c", "items": [{"sku": "A", "quantity": 0, "unitPrice": 1}]}
    assert http.post(url, headers=key, json=bad_item).status_code == 400


def test_quote_reads_the_order_through_the_generated_client(
    fleet: DeployedFleet, http: httpx.Client
) -> None:
    order = _create_order(http, fleet)
    reads_before = len(fleet.state("orders")["reads"])

    response = http.post(
        f"{fleet.pricing.url()}/quotes",
        headers=_key(fleet, "pricing"),
        json={"orderId": order["orderId"], "couponCode": "SAVE10"},
    )

    assert response.status_code == 200, response.text
    quote = response.json()
    assert quote["orderId"] == order["orderId"]
    assert [(line["sku"], line["quantity"]) for line in quote["lines"]] == [
        (item["sku"], item["quantity"]) for item in order["items"]
    ]
    # listed SKUs get the price table's price; unlisted ones keep the order's
    assert [line["unitPrice"] for line in quote["lines"]] == [9.99, 24.5, 1.25]
    assert quote["subtotal"] == 48.23
    assert quote["discount"] == 4.82
    assert quote["total"] == 43.41
    # the orders Lambda saw the GET, sent by the generated orders client
    reads = fleet.state("orders")["reads"][reads_before:]
    assert [r["orderId"] for r in reads] == [order["orderId"]]
    assert reads[0]["userAgent"].startswith(ORDERS_CLIENT_AGENT)
    assert fleet.state("pricing")["quotes"][quote["quoteId"]] == quote
    again = http.get(
        f"{fleet.pricing.url()}/quotes/{quote['quoteId']}", headers=_key(fleet, "pricing")
    )
    assert again.status_code == 200
    assert again.json() == quote


def test_quote_for_unknown_order_maps_the_clients_not_found(
    fleet: DeployedFleet, http: httpx.Client
) -> None:
    response = http.post(
        f"{fleet.pricing.url()}/quotes",
        headers=_key(fleet, "pricing"),
        json={"orderId": "ord-nope"},
    )
    assert response.status_code == 404, response.text
    assert response.json() == {"message": "order not found"}


def test_checkout_goes_through_pricing(fleet: DeployedFleet, http: httpx.Client) -> None:
    order = _create_order(http, fleet)
    quotes_before = set(fleet.state("pricing").get("quotes", {}))

    response = http.post(
        f"{fleet.checkout.url()}/checkouts",
        headers={**_key(fleet, "checkout"), "Idempotency-Key": "idem-1"},
        json={"orderId": order["orderId"], "paymentMethod": "invoice"},
    )

    assert response.status_code == 201, response.text
    checkout = response.json()
    new_quotes = {
        qid: q for qid, q in fleet.state("pricing")["quotes"].items() if qid not in quotes_before
    }
    assert list(new_quotes) == [checkout["quoteId"]]
    assert checkout["total"] == new_quotes[checkout["quoteId"]]["total"] == 48.23
    assert checkout["status"] == "created"
    assert checkout["paymentMethod"] == "invoice"
    reads = [r for r in fleet.state("orders")["reads"] if r["orderId"] == order["orderId"]]
    assert [r["userAgent"].split("/")[0] for r in reads] == ["orders-client"]

    url = f"{fleet.checkout.url()}/checkouts"
    replay = http.post(
        url,
        headers={**_key(fleet, "checkout"), "Idempotency-Key": "idem-1"},
        json={"orderId": order["orderId"], "paymentMethod": "invoice"},
    )
    assert replay.status_code == 201 and replay.json() == checkout
    duplicate = http.post(url, headers=_key(fleet, "checkout"), json={"orderId": order["orderId"]})
    assert duplicate.status_code == 409
    read = http.get(f"{url}/{checkout['checkoutId']}", headers=_key(fleet, "checkout"))
    assert read.status_code == 200 and read.json() == checkout
    confirmed = http.post(
        f"{url}/{checkout['checkoutId']}/confirm", headers=_key(fleet, "checkout")
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "paid"
    unknown = http.post(url, headers=_key(fleet, "checkout"), json={"orderId": "ord-nope"})
    assert unknown.status_code == 404 and unknown.json() == {"message": "order not found"}


# --- exports ------------------------------------------------------------------------------


def _without_servers(document: dict[str, Any]) -> dict[str, Any]:
    stripped = copy.deepcopy(document)
    for key in ("servers", "host", "basePath"):
        stripped.pop(key, None)
    return stripped


def test_dev_and_prod_exports_differ_by_the_breaking_changes(fleet: DeployedFleet) -> None:
    assert {c.api for c in BREAKING_CHANGES} >= {"orders", "pricing"}
    expected_dev = {
        name: _without_servers(fleet[name].export_document("prod")) for name in API_NAMES
    }
    for change in BREAKING_CHANGES:
        dev = fleet[change.api].export_document("dev")
        prod = fleet[change.api].export_document("prod")
        schemas_key = "definitions" if "swagger" in prod else "components"
        if change.kind == "operation-removed":
            assert change.path is not None and change.method is not None
            operation = dev["paths"][change.path][change.method.lower()]
            assert operation["operationId"] == change.operation_id
            assert change.path not in prod["paths"]
            expected_dev[change.api]["paths"][change.path] = copy.deepcopy(
                dev["paths"][change.path]
            )
        else:
            assert change.kind == "property-now-required"
            assert change.model is not None and change.property is not None

            def schemas(doc: dict[str, Any], key: str = schemas_key) -> dict[str, Any]:
                found: dict[str, Any] = doc[key] if key == "definitions" else doc[key]["schemas"]
                return found

            assert change.property not in schemas(dev)[change.model].get("required", [])
            assert change.property in schemas(prod)[change.model]["required"]
            schemas(expected_dev[change.api])[change.model] = copy.deepcopy(
                schemas(dev)[change.model]
            )
    # nothing else differs (apart from the stage in the server URL)
    for name in API_NAMES:
        dev = _without_servers(fleet[name].export_document("dev"))
        assert dev == expected_dev[name], name
    assert fleet.orders.export_document("dev")["basePath"] == "/dev"
    assert fleet.pricing.export_document("dev")["servers"][0]["url"].endswith("/dev")


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("name", API_NAMES)
def test_exports_generate_clients(
    fleet: DeployedFleet, name: ApiName, stage: Stage, tmp_path: Path
) -> None:
    api = fleet[name]
    document = json.loads(api.exports[stage])
    assert ("swagger" in document) == (FLEET[name].export_type == "swagger")
    normalized = normalize(document)
    repairs = {r.code for r in normalized.repairs}
    assert "removed-schema-keyword" in repairs  # the models' draft-4 $schema

    path = tmp_path / f"{name}-{stage}.json"
    path.write_bytes(api.exports[stage])
    prepared = generate(path, tmp_path / "client", name=f"{name}-{stage}-client")

    version = FLEET[name].versions[stage]
    assert len(prepared.api.operations) == len(version.methods)
    assert (tmp_path / "client" / "pyproject.toml").is_file()


def _operation_view(operation: dict[str, Any]) -> dict[str, Any]:
    """What the documents and the exports should agree on (ministack leaves out
    ``requestBody.required`` and names Swagger body parameters ``body``)."""
    body = operation.get("requestBody")
    return {
        "operationId": operation.get("operationId"),
        "parameters": sorted(
            (p["name"], p["in"], bool(p.get("required"))) for p in operation.get("parameters", [])
        ),
        "requestBody": body and body["content"],
        "responses": operation["responses"],
        "security": operation.get("security"),
    }


@pytest.mark.parametrize("name", API_NAMES)
def test_prod_exports_match_the_example_documents(fleet: DeployedFleet, name: ApiName) -> None:
    spec = normalize(load_file(SPECS[name]).data).document
    export = normalize(fleet[name].export_document("prod")).document

    assert export["components"]["schemas"] == spec["components"]["schemas"]
    assert export["components"]["securitySchemes"] == spec["components"]["securitySchemes"]
    spec_ops = {(p, m): _operation_view(op) for p, m, op in iter_operations(spec)}
    export_ops = {(p, m): _operation_view(op) for p, m, op in iter_operations(export)}
    assert export_ops == spec_ops


# --- teardown -----------------------------------------------------------------------------


def _group_members(pgid: int) -> list[str]:
    members = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = (Path("/proc") / pid / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 2 and fields[2] == str(pgid):
            members.append(pid)
    return members


def test_stopped_emulator_leaves_nothing_behind(tmp_path: Path) -> None:
    workdir = tmp_path / "work"
    with Emulator() as emu:
        assert emu.pid is not None and emu.temp_dir is not None
        pgid, temp_dir = emu.pid, emu.temp_dir
        deployed = deploy_fleet(emu, workdir=workdir)
        with httpx.Client(trust_env=False, timeout=60) as http:
            # spawns orders, pricing and checkout workers
            assert (
                http.post(
                    f"{deployed.checkout.url()}/checkouts",
                    headers=_key(deployed, "checkout"),
                    json={"orderId": "ord-nope"},
                ).status_code
                == 404
            )
        assert len(_group_members(pgid)) > 1
        assert deployed.state_dir.is_relative_to(temp_dir)

    assert _group_members(pgid) == []
    assert not temp_dir.exists()
    # the build files stay where the caller asked, and nowhere else
    assert {p.name for p in workdir.iterdir()} == {"pricing-build", "orders-prod-export.json"}
