"""`sdkgen pull` against AWS-shaped answers (botocore Stubber, no server): listings, the HTTP
API export, every failure mode as a one-line error, and the command line's exit codes."""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore import exceptions as bce
from botocore.response import StreamingBody
from botocore.stub import Stubber

from generator.errors import SdkgenError, UsageError
from generator.sources import clients as clients_module
from generator.sources.apigateway import (
    AmbiguousApiName,
    ApiNotFound,
    resolve_http_api_id,
    resolve_rest_api_id,
)
from generator.sources.pull import (
    PullResult,
    pull_fleet,
    pull_one,
    register_pull_arguments,
    run_pull,
)

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSDKGENSECRET"
ACCESS_KEY = "AKIASDKGENTESTKEY"
REGION = "us-east-1"

# An HTTP API export as AWS documents it, pretty-printed the way API Gateway (Jackson) writes it.
HTTP_EXPORT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "checkout-http", "version": "2021-03-31 17:32:29UTC"},
    "servers": [
        {
            "url": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/{basePath}",
            "variables": {"basePath": {"default": ""}},
        }
    ],
    "paths": {
        "/$default": {
            "x-amazon-apigateway-any-method": {
                "isDefaultRoute": True,
                "responses": {"default": {"description": "Default response for ANY /$default"}},
                "x-amazon-apigateway-integration": {
                    "payloadFormatVersion": "2.0",
                    "type": "aws_proxy",
                    "httpMethod": "POST",
                    "uri": "arn:aws:lambda:us-east-1:123456789012:function:checkout",
                    "connectionType": "INTERNET",
                },
            }
        },
        "/checkouts/{checkoutId}": {
            "get": {
                "responses": {
                    "default": {"description": "Default response for GET /checkouts/{checkoutId}"}
                },
                "security": [{"jwt": ["checkout/read"]}],
            },
            "parameters": [
                {
                    "name": "checkoutId",
                    "in": "path",
                    "description": "Generated path parameter for checkoutId",
                    "required": True,
                    "schema": {"type": "string"},
                }
            ],
        },
    },
    "components": {
        "securitySchemes": {
            "jwt": {
                "type": "oauth2",
                "flows": {},
                "x-amazon-apigateway-authorizer": {
                    "type": "jwt",
                    "identitySource": "$request.header.Authorization",
                    "jwtConfiguration": {
                        "issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE",
                        "audience": ["7exampleclientid"],
                    },
                },
            }
        }
    },
    "x-amazon-apigateway-importexport-version": "1.0",
}

REST_EXPORT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "orders", "version": "2024-05-01T10:00:00Z"},
    "servers": [
        {
            "url": "https://abc123defg.execute-api.us-east-1.amazonaws.com/{basePath}",
            "variables": {"basePath": {"default": "prod"}},
        }
    ],
    "paths": {"/orders": {"get": {"responses": {"200": {"description": "200 response"}}}}},
    "components": {"schemas": {"Empty": {"title": "Empty Schema", "type": "object"}}},
}


def jackson(doc: Any) -> bytes:
    """API Gateway's own pretty-printing: `"key" : value`."""
    return json.dumps(doc, indent=2, separators=(",", " : ")).encode()


def body(data: bytes) -> StreamingBody:
    return StreamingBody(io.BytesIO(data), len(data))


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials with a recognizable secret; nothing read from ~/.aws or instance metadata."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "SDKGEN_SOURCE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)


@dataclass
class Stubs:
    rest: Stubber
    http: Stubber
    rest_client: Any
    http_client: Any
    made: list[tuple[str, str | None, str | None, str | None]]


@pytest.fixture
def stubs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubs]:
    """Stubbed apigateway / apigatewayv2 clients, handed out whatever settings are asked for."""
    real = clients_module.make_client
    rest_client = real("apigateway", region=REGION, profile=None, endpoint_url=None)
    http_client = real("apigatewayv2", region=REGION, profile=None, endpoint_url=None)
    made: list[tuple[str, str | None, str | None, str | None]] = []

    def fake(
        service: str, *, region: str | None, profile: str | None, endpoint_url: str | None
    ) -> Any:
        made.append((service, region, profile, endpoint_url))
        return rest_client if service == "apigateway" else http_client

    monkeypatch.setattr(clients_module, "make_client", fake)
    with Stubber(rest_client) as rest, Stubber(http_client) as http:
        yield Stubs(rest, http, rest_client, http_client, made)
        rest.assert_no_pending_responses()
        http.assert_no_pending_responses()


def rest_api_item(api_id: str, name: str) -> dict[str, Any]:
    return {"id": api_id, "name": name, "endpointConfiguration": {"types": ["REGIONAL"]}}


def http_api_item(api_id: str, name: str, protocol: str = "HTTP") -> dict[str, Any]:
    item = {
        "ApiId": api_id,
        "Name": name,
        "ProtocolType": protocol,
        "RouteSelectionExpression": "$request.method $request.path",
    }
    if protocol == "WEBSOCKET":
        item["RouteSelectionExpression"] = "$request.body.action"
    return item


def stub_rest_listing(stubs: Stubs, *pages: list[dict[str, Any]]) -> None:
    position = None
    for number, items in enumerate(pages):
        expected: dict[str, Any] = {"limit": 500}
        if position:
            expected["position"] = position
        response: dict[str, Any] = {"items": items}
        position = f"page-{number + 1}" if number + 1 < len(pages) else None
        if position:
            response["position"] = position
        stubs.rest.add_response("get_rest_apis", response, expected)


def stub_http_listing(stubs: Stubs, *pages: list[dict[str, Any]]) -> None:
    token = None
    for number, items in enumerate(pages):
        expected: dict[str, Any] = {"NextToken": token} if token else {}
        response: dict[str, Any] = {"Items": items}
        token = f"token-{number + 1}" if number + 1 < len(pages) else None
        if token:
            response["NextToken"] = token
        stubs.http.add_response("get_apis", response, expected)


def stub_rest_stage(
    stubs: Stubs, api_id: str = "abc123defg", stage: str = "prod", deployment: str = "dep42"
) -> None:
    stubs.rest.add_response(
        "get_stage",
        {"deploymentId": deployment, "stageName": stage},
        {"restApiId": api_id, "stageName": stage},
    )


def stub_rest_export(
    stubs: Stubs, data: bytes, api_id: str = "abc123defg", stage: str = "prod"
) -> None:
    stubs.rest.add_response(
        "get_export",
        {
            "contentType": "application/octet-stream",
            "contentDisposition": 'attachment; filename="oas30_2024-05-01T10:00:00Z.json"',
            "body": body(data),
        },
        {
            "restApiId": api_id,
            "stageName": stage,
            "exportType": "oas30",
            "parameters": {"extensions": "apigateway,authorizers"},
            "accepts": "application/json",
        },
    )


def stub_http_pull(stubs: Stubs) -> None:
    stub_http_listing(
        stubs,
        [http_api_item("ws00000001", "checkout-ws", "WEBSOCKET"), http_api_item("zz99", "other")],
        [http_api_item("a1b2c3d4e5", "checkout-http")],
    )
    stubs.http.add_response(
        "get_stage",
        {"StageName": "$default", "AutoDeploy": True},
        {"ApiId": "a1b2c3d4e5", "StageName": "$default"},
    )
    stubs.http.add_response(
        "export_api",
        {"body": body(jackson(HTTP_EXPORT))},
        {
            "ApiId": "a1b2c3d4e5",
            "Specification": "OAS30",
            "OutputType": "JSON",
            "StageName": "$default",
            "IncludeExtensions": True,
        },
    )


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sdkgen pull")
    register_pull_arguments(parser)
    return parser.parse_args(argv)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = parse(argv)
    code = run_pull(args, args.config)
    out, err = capsys.readouterr()
    return code, out, err


def snapshot_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# --- clients ------------------------------------------------------------------------------


def test_clients_retry_in_standard_mode_and_say_who_they_are() -> None:
    client = clients_module.make_client(
        "apigateway", region="eu-west-1", profile=None, endpoint_url="http://127.0.0.1:4566"
    )
    # botocore reads `max_attempts` as retries and stores the total (first try included).
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 11}
    assert client.meta.config.user_agent_extra.startswith("sdkgen/")
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.endpoint_url == "http://127.0.0.1:4566"


def test_clients_use_the_profile(tmp_path: Path) -> None:
    (tmp_path / "aws-config").write_text("[profile reader]\nregion = ap-south-1\n")
    client = clients_module.make_client(
        "apigatewayv2", region=None, profile="reader", endpoint_url=None
    )
    assert client.meta.region_name == "ap-south-1"
    assert client.meta.endpoint_url == "https://apigateway.ap-south-1.amazonaws.com"


def test_aws_endpoint_url_is_left_to_boto3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    client = clients_module.make_client(
        "apigateway", region=REGION, profile=None, endpoint_url=None
    )
    assert client.meta.endpoint_url == "http://127.0.0.1:4566"
    explicit = clients_module.make_client(
        "apigateway", region=REGION, profile=None, endpoint_url="http://127.0.0.1:9999"
    )
    assert explicit.meta.endpoint_url == "http://127.0.0.1:9999"


# --- finding APIs -------------------------------------------------------------------------


def test_rest_listing_follows_position_across_pages(stubs: Stubs) -> None:
    stub_rest_listing(
        stubs,
        [rest_api_item("aaa1111111", "pricing"), rest_api_item("bbb2222222", "checkout")],
        [rest_api_item("abc123defg", "orders")],
    )
    assert resolve_rest_api_id(stubs.rest_client, "orders") == "abc123defg"


def test_rest_ids_win_over_names(stubs: Stubs) -> None:
    # An API *named* like another API's id: the id match is taken.
    stub_rest_listing(
        stubs, [rest_api_item("xyz", "abc123defg"), rest_api_item("abc123defg", "orders")]
    )
    assert resolve_rest_api_id(stubs.rest_client, "abc123defg") == "abc123defg"


def test_an_ambiguous_name_lists_the_ids(stubs: Stubs) -> None:
    stub_rest_listing(
        stubs,
        [rest_api_item("id2", "orders"), rest_api_item("id1", "orders")],
        [rest_api_item("id3", "pricing")],
    )
    with pytest.raises(AmbiguousApiName) as caught:
        resolve_rest_api_id(stubs.rest_client, "orders")
    assert str(caught.value) == "2 rest APIs are named 'orders' (ids id1, id2): use the id instead"


def test_an_unknown_rest_api_is_reported(stubs: Stubs) -> None:
    stub_rest_listing(stubs, [rest_api_item("id1", "orders")])
    with pytest.raises(ApiNotFound, match=r"no rest API has the id or name 'billing' \(1 rest API"):
        resolve_rest_api_id(stubs.rest_client, "billing")


def test_http_listing_pages_and_leaves_websocket_apis_out(stubs: Stubs) -> None:
    pages = (
        [http_api_item("ws00000001", "chat", "WEBSOCKET"), http_api_item("h1", "orders")],
        [http_api_item("h2", "checkout"), http_api_item("ws00000002", "checkout", "WEBSOCKET")],
    )
    stub_http_listing(stubs, *pages)
    assert resolve_http_api_id(stubs.http_client, "checkout") == "h2"  # not ambiguous: WS left out
    stub_http_listing(stubs, *pages)
    with pytest.raises(ApiNotFound, match="no http API has the id or name 'ws00000001'"):
        resolve_http_api_id(stubs.http_client, "ws00000001")


# --- HTTP API export ----------------------------------------------------------------------


def test_http_api_pull_keeps_the_aws_document_and_records_provenance(
    stubs: Stubs, tmp_path: Path
) -> None:
    out = tmp_path / "specs" / "checkout" / "$default.json"
    lines: list[str] = []
    stub_http_pull(stubs)
    result = pull_one(
        kind="http",
        api="checkout-http",
        stage="$default",
        out=out,
        region=REGION,
        echo=lines.append,
    )
    assert result.api_id == "a1b2c3d4e5"
    assert result.deployment_id is None  # auto-deploy stage: GetStage has no DeploymentId
    assert result.status == "new"
    assert lines == [f"[checkout-http/$default] http api a1b2c3d4e5 -> {out} (new)"]
    text = out.read_text(encoding="utf-8")
    assert text == json.dumps(HTTP_EXPORT, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    doc = json.loads(text)
    assert doc["info"]["version"] == "2021-03-31 17:32:29UTC"
    assert doc["x-amazon-apigateway-importexport-version"] == "1.0"
    assert doc["servers"][0]["variables"]["basePath"]["default"] == ""
    assert doc["paths"]["/$default"]["x-amazon-apigateway-any-method"]["isDefaultRoute"] is True
    jwt = doc["components"]["securitySchemes"]["jwt"]
    assert jwt["flows"] == {}
    assert jwt["x-amazon-apigateway-authorizer"]["jwtConfiguration"]["audience"] == [
        "7exampleclientid"
    ]
    provenance = json.loads((out.parent / "$default.provenance.json").read_text())
    assert provenance == {
        "api": "checkout-http",
        "kind": "http",
        "api_id": "a1b2c3d4e5",
        "stage": "$default",
        "deployment_id": None,
        "export_type": "oas30",
        "extensions": "all",
        "region": REGION,
        "source": "aws",
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
    }
    before = snapshot_state(out), snapshot_state(result.provenance_path)
    stub_http_pull(stubs)
    again = pull_one(
        kind="http", api="a1b2c3d4e5", stage="$default", out=out, region=REGION, echo=lines.append
    )
    assert (again.status, again.provenance_status) == ("unchanged", "unchanged")
    assert (snapshot_state(out), snapshot_state(result.provenance_path)) == before


def test_a_redeployed_stage_with_the_same_document_changes_no_file(
    stubs: Stubs, tmp_path: Path
) -> None:
    out = tmp_path / "specs" / "orders" / "prod.json"
    provenance = out.with_name("prod.provenance.json")
    export = json.dumps({"openapi": "3.0.1", "info": {"title": "o", "version": "1"}, "paths": {}})

    def pull(deployment: str, document: str) -> PullResult:
        stub_rest_listing(stubs, [rest_api_item("abc123defg", "orders")])
        stub_rest_stage(stubs, deployment=deployment)
        stub_rest_export(stubs, document.encode())
        return pull_one(
            kind="rest", api="orders", stage="prod", out=out, region=REGION, echo=lambda _: None
        )

    pull("dep1", export)
    first = snapshot_state(out), snapshot_state(provenance)
    assert json.loads(provenance.read_text())["deployment_id"] == "dep1"

    # same export from a new deployment: the record still describes this document; nothing moves
    again = pull("dep2", export)
    assert (again.status, again.provenance_status, again.deployment_id) == (
        "unchanged",
        "unchanged",
        "dep2",
    )
    assert (snapshot_state(out), snapshot_state(provenance)) == first

    # a changed export: the record names the deployment that served it, and its hash
    changed = pull("dep3", export.replace('"1"', '"2"'))
    assert (changed.status, changed.provenance_status) == ("updated", "updated")
    recorded = json.loads(provenance.read_text())
    assert recorded["deployment_id"] == "dep3"
    assert recorded["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_the_provenance_holds_no_secret_or_endpoint(stubs: Stubs, tmp_path: Path) -> None:
    stub_http_pull(stubs)
    result = pull_one(
        kind="http",
        api="checkout-http",
        stage="$default",
        out=tmp_path / "x.json",
        region=REGION,
        endpoint_url="https://apigateway.us-east-1.amazonaws.com",
        echo=lambda _: None,
    )
    text = result.provenance_path.read_text()
    assert result.provenance_path == tmp_path / "x.provenance.json"
    for secret in (SECRET, ACCESS_KEY, "https://", "amazonaws"):
        assert secret not in text


# --- fleet ----------------------------------------------------------------------------------


def write_fleet(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        f"""
[tool.sdkgen]
region = "us-east-1"
source = "aws"

[tool.sdkgen.apis.orders]
api = "orders"
stages = ["dev", "prod"]
stage = "prod"

[tool.sdkgen.apis.checkout]
kind = "http"
api = "checkout-http"
stages = ["$default"]
{extra}
""",
        encoding="utf-8",
    )
    return path


def test_fleet_pull_lists_once_and_writes_every_stage(
    stubs: Stubs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_fleet(tmp_path)
    stub_rest_listing(stubs, [rest_api_item("abc123defg", "orders")])  # once for both stages
    for stage in ("dev", "prod"):
        stub_rest_stage(stubs, stage=stage)
        stub_rest_export(stubs, jackson(REST_EXPORT), stage=stage)
    stub_http_pull(stubs)
    code, out, err = run(["--config", str(config)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "[orders/dev] rest api abc123defg -> specs/orders/dev.json (new)",
        "[orders/prod] rest api abc123defg -> specs/orders/prod.json (new)",
        "[checkout/$default] http api a1b2c3d4e5 -> specs/checkout/$default.json (new)",
        "pulled 3 stage(s): 3 new, 0 updated, 0 unchanged",
    ]
    assert (
        json.loads((tmp_path / "specs/orders/dev.provenance.json").read_text())["api"] == "orders"
    )
    assert [m[1] for m in stubs.made] == [REGION, REGION]  # one client per service


def test_fleet_filters(stubs: Stubs, tmp_path: Path) -> None:
    config_path = write_fleet(tmp_path)
    from generator.config import load_config

    config = load_config(config_path, environ={})
    stub_rest_listing(stubs, [rest_api_item("abc123defg", "orders")])
    stub_rest_stage(stubs, stage="dev")
    stub_rest_export(stubs, jackson(REST_EXPORT), stage="dev")
    results = pull_fleet(config, apis=["orders"], stages=["dev"], echo=lambda _: None)
    assert [(r.api, r.stage) for r in results] == [("orders", "dev")]
    with pytest.raises(
        UsageError, match=r"unknown API\(s\) billing \(configured: orders, checkout\)"
    ):
        pull_fleet(config, apis=["billing"])
    with pytest.raises(UsageError, match=r"no selected API has stage\(s\) qa"):
        pull_fleet(config, apis=["orders"], stages=["qa"])


def test_a_failing_stage_leaves_every_file_of_the_fleet_untouched(
    stubs: Stubs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_fleet(tmp_path)
    dev = tmp_path / "specs/orders/dev.json"
    dev.parent.mkdir(parents=True)
    dev.write_text("{}\n")
    before = snapshot_state(dev)
    stub_rest_listing(stubs, [rest_api_item("abc123defg", "orders")])
    stub_rest_stage(stubs, stage="dev")
    stub_rest_export(stubs, jackson(REST_EXPORT), stage="dev")  # fetched fine ...
    stubs.rest.add_client_error(
        "get_stage", "NotFoundException", "Invalid Stage identifier specified", 404
    )  # ... but prod is gone
    code, out, err = run(["--config", str(config), "--api", "orders"], capsys)
    assert code == 1
    assert out == ""
    assert err == (
        "error: [orders/prod] rest API abc123defg (orders) has no stage 'prod' "
        "(NotFoundException: Invalid Stage identifier specified)\n"
    )
    assert snapshot_state(dev) == before
    assert sorted(p.name for p in dev.parent.iterdir()) == ["dev.json"]


def test_source_emulator_refuses_to_pull_from_aws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.sdkgen]\nregion = "us-east-1"\n[tool.sdkgen.apis.orders]\n')
    code, out, err = run(["--config", str(config)], capsys)  # no endpoint anywhere: AWS's own
    assert (code, out) == (2, "")
    assert err.startswith(
        "error: [orders/prod] source is 'emulator' but the endpoint is AWS's own "
        "(https://apigateway.us-east-1.amazonaws.com): set endpoint_url"
    )


def test_source_aws_ignores_the_configured_emulator_endpoint(tmp_path: Path) -> None:
    from generator.config import load_config
    from generator.sources.targets import fleet_targets

    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.sdkgen]\nregion = "us-east-1"\n'
        '[tool.sdkgen.apis.orders]\nendpoint_url = "http://127.0.0.1:4566"\nprofile = "ci"\n'
        '[tool.sdkgen.apis.pricing]\nregion = "eu-west-1"\n'
    )
    expected = {
        # source: (orders' endpoint, pricing's endpoint) with and without --endpoint-url
        "emulator": (("http://127.0.0.1:4566", None), ("http://127.0.0.1:4566", "http://cli:1")),
        "aws": ((None, None), ("http://cli:1", "http://cli:1")),
    }
    for source, (plain, with_cli) in expected.items():
        config = load_config(path, environ={"SDKGEN_SOURCE": source})
        for cli, endpoints in ((None, plain), ("http://cli:1", with_cli)):
            targets = fleet_targets(config, endpoint_url=cli)
            assert tuple(t.settings.endpoint_url for t in targets) == endpoints
            assert [t.source for t in targets] == [source, source]
    orders, pricing = fleet_targets(config)
    assert (orders.settings.region, orders.settings.profile) == ("us-east-1", "ci")
    assert (pricing.settings.region, pricing.settings.profile) == ("eu-west-1", None)
    assert orders.out == tmp_path / "specs" / "orders" / "prod.json"
    assert orders.provenance_path == tmp_path / "specs" / "orders" / "prod.provenance.json"


# --- failures -----------------------------------------------------------------------------

DENIED = (
    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: apigateway:GET "
    "on resource: arn:aws:apigateway:us-east-1::/restapis"
)


@pytest.mark.parametrize(
    ("failing", "code", "message", "status", "meta", "expected"),
    [
        (
            "get_rest_apis",
            "AccessDeniedException",
            DENIED,
            403,
            {},
            f"error: [orders/prod] listing rest APIs at https://apigateway.us-east-1.amazonaws.com: "
            f"access denied (AccessDeniedException: {DENIED}); pulling needs the IAM permission "
            "apigateway:GET on arn:aws:apigateway:us-east-1::/restapis and "
            "arn:aws:apigateway:us-east-1::/restapis/*",
        ),
        (
            "get_export",
            "UnauthorizedException",
            "Unauthorized",
            401,
            {},
            "error: [orders/prod] exporting stage 'prod' of rest API abc123defg (orders): access "
            "denied (UnauthorizedException: Unauthorized); pulling needs the IAM permission "
            "apigateway:GET on arn:aws:apigateway:us-east-1::/restapis and "
            "arn:aws:apigateway:us-east-1::/restapis/abc123defg/*",
        ),
        (
            "get_stage",
            "NotFoundException",
            "Invalid Stage identifier specified",
            404,
            {},
            "error: [orders/prod] rest API abc123defg (orders) has no stage 'prod' "
            "(NotFoundException: Invalid Stage identifier specified)",
        ),
        (
            "get_export",
            "NotFoundException",
            "Invalid API identifier specified",
            404,
            {},
            "error: [orders/prod] exporting stage 'prod' of rest API abc123defg (orders): not "
            "found (NotFoundException: Invalid API identifier specified)",
        ),
        (
            "get_export",
            "TooManyRequestsException",
            "Too Many Requests",
            429,
            {"RetryAttempts": 9},
            "error: [orders/prod] exporting stage 'prod' of rest API abc123defg (orders): "
            "throttled by API Gateway (TooManyRequestsException) after 10 attempt(s); the "
            "management API allows about 10 requests/s per account: try again later or pull "
            "fewer APIs at once (--api)",
        ),
        (
            "get_stage",
            "LimitExceededException",
            "Limit Exceeded",
            429,
            {"RetryAttempts": 9},
            "error: [orders/prod] reading stage 'prod' of rest API abc123defg (orders): "
            "throttled by API Gateway (LimitExceededException) after 10 attempt(s)",
        ),
        (
            "get_export",
            "BadRequestException",
            "Only found non-JSON body models for\nPOST /orders",
            400,
            {},
            "error: [orders/prod] exporting stage 'prod' of rest API abc123defg (orders): API "
            "Gateway refused the request (BadRequestException: Only found non-JSON body models "
            "for POST /orders)",
        ),
        (
            "get_rest_apis",
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            403,
            {},
            "error: [orders/prod] AWS rejected the credentials (UnrecognizedClientException: The "
            "security token included in the request is invalid.); configure the standard chain",
        ),
        (
            "get_export",
            "InternalFailure",
            "Internal server error",
            500,
            {"RetryAttempts": 9},
            "error: [orders/prod] exporting stage 'prod' of rest API abc123defg (orders): API "
            "Gateway failed (InternalFailure, HTTP 500) after 10 attempt(s): Internal server error",
        ),
    ],
)
def test_api_gateway_errors_are_one_line_and_overwrite_nothing(
    stubs: Stubs,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    failing: str,
    code: str,
    message: str,
    status: int,
    meta: dict[str, Any],
    expected: str,
) -> None:
    out = tmp_path / "orders" / "prod.json"
    out.parent.mkdir()
    out.write_text('{"previous": true}\n')
    provenance = out.with_name("prod.provenance.json")
    provenance.write_text("{}\n")
    before = snapshot_state(out), snapshot_state(provenance)
    steps = ["get_rest_apis", "get_stage", "get_export"]
    for step in steps[: steps.index(failing)]:
        {
            "get_rest_apis": lambda: stub_rest_listing(
                stubs, [rest_api_item("abc123defg", "orders")]
            ),
            "get_stage": lambda: stub_rest_stage(stubs),
        }[step]()
    stubs.rest.add_client_error(
        failing,
        service_error_code=code,
        service_message=message,
        http_status_code=status,
        response_meta=meta,
    )
    exit_code, stdout, stderr = run(
        ["--rest-api", "orders", "--stage", "prod", "--out", str(out), "--region", REGION], capsys
    )
    assert exit_code == 1
    assert stdout == ""
    assert stderr.startswith(expected)
    assert stderr.count("\n") == 1 and stderr.endswith("\n")
    assert "Traceback" not in stderr and SECRET not in stderr + stdout
    assert (snapshot_state(out), snapshot_state(provenance)) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["prod.json", "prod.provenance.json"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"<html><body>Gateway Timeout</body></html>",
            "the export of stage 'prod' of rest API abc123defg (orders) is not a JSON object (it starts with '<html><body>Gateway Timeout</body></html')",
        ),
        (b'{"openapi" : "3.0.1", "paths" : {', "invalid JSON at line 1, column 34"),
        (b"", "is not a JSON object (it starts with 'nothing')"),
        (
            b'["not", "a", "document"]',
            'is not a JSON object (it starts with \'["not", "a", "document"]\')',
        ),
    ],
)
def test_an_invalid_export_body_is_rejected(
    stubs: Stubs, tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str
) -> None:
    out = tmp_path / "prod.json"
    stub_rest_listing(stubs, [rest_api_item("abc123defg", "orders")])
    stub_rest_stage(stubs)
    stub_rest_export(stubs, data)
    code, stdout, stderr = run(
        ["--rest-api", "abc123defg", "--stage", "prod", "--out", str(out), "--region", REGION],
        capsys,
    )
    assert (code, stdout) == (1, "")
    assert stderr.startswith("error: [abc123defg/prod] ")
    assert expected in stderr
    assert stderr.count("\n") == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def raising(exc: Exception) -> Any:
    def method(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return method


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            bce.NoCredentialsError(),
            "error: [orders/prod] no AWS credentials found: configure the standard chain — env "
            "vars, ~/.aws, SSO, or a role\n",
        ),
        (
            bce.EndpointConnectionError(
                endpoint_url="https://apigateway.us-east-1.amazonaws.com/restapis?limit=500"
            ),
            "error: [orders/prod] cannot reach https://apigateway.us-east-1.amazonaws.com",
        ),
        (
            bce.ConnectTimeoutError(
                endpoint_url="https://apigateway.us-east-1.amazonaws.com/restapis"
            ),
            "error: [orders/prod] cannot reach https://apigateway.us-east-1.amazonaws.com: "
            "connecting timed out",
        ),
        (
            bce.ReadTimeoutError(
                endpoint_url="https://apigateway.us-east-1.amazonaws.com/restapis"
            ),
            "error: [orders/prod] cannot reach https://apigateway.us-east-1.amazonaws.com: no answer in time",
        ),
        (
            bce.ProxyConnectionError(
                proxy_url=f"http://bob:{SECRET}@proxy.corp:3128", error="refused"
            ),
            "error: [orders/prod] cannot reach https://apigateway.us-east-1.amazonaws.com through "
            "the proxy http://proxy.corp:3128\n",
        ),
        (
            bce.UnauthorizedSSOTokenError(),
            "error: [orders/prod] the AWS SSO session is missing or expired: run `aws sso login`",
        ),
        (
            bce.CredentialRetrievalError(provider="custom-process", error_msg=f"printed {SECRET}"),
            "error: [orders/prod] AWS credentials could not be loaded from custom-process; "
            "configure the standard chain",
        ),
    ],
)
def test_sdk_failures_are_one_line(
    stubs: Stubs,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: Exception,
    expected: str,
) -> None:
    out = tmp_path / "prod.json"
    out.write_text("{}\n")
    before = snapshot_state(out)
    monkeypatch.setattr(stubs.rest_client, "get_paginator", raising(exc))
    code, stdout, stderr = run(
        ["--rest-api", "orders", "--stage", "prod", "--out", str(out), "--region", REGION], capsys
    )
    assert code == 1
    assert stderr.startswith(expected)
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr and SECRET not in stderr + stdout
    assert snapshot_state(out) == before


def test_no_credentials_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    # A closed port: nothing is sent anyway, signing fails first.
    code, stdout, stderr = run(
        [
            "--rest-api",
            "orders",
            "--stage",
            "prod",
            "--out",
            str(tmp_path / "p.json"),
            "--region",
            REGION,
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        capsys,
    )
    assert (code, stdout) == (1, "")
    assert stderr == (
        "error: [orders/prod] no AWS credentials found: configure the standard chain — env vars, "
        "~/.aws, SSO, or a role\n"
    )


def test_partial_credentials(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, stdout, stderr = run(
        [
            "--http-api",
            "checkout",
            "--stage",
            "prod",
            "--out",
            str(tmp_path / "p.json"),
            "--region",
            REGION,
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        capsys,
    )
    assert (code, stdout) == (1, "")
    assert stderr == (
        "error: [checkout/prod] no AWS credentials found: configure the standard chain — env "
        "vars, ~/.aws, SSO, or a role (partial credentials in env: AWS_SECRET_ACCESS_KEY missing)\n"
    )
    assert ACCESS_KEY not in stderr


def test_an_unknown_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run(
        [
            "--rest-api",
            "orders",
            "--stage",
            "prod",
            "--out",
            str(tmp_path / "p.json"),
            "--profile",
            "nope",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        capsys,
    )
    assert code == 1
    assert stderr.startswith(
        "error: [orders/prod] AWS profile 'nope' not found in ~/.aws/config or ~/.aws/credentials"
    )
    assert stderr.count("\n") == 1


def test_no_region(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run(
        ["--rest-api", "orders", "--stage", "prod", "--out", str(tmp_path / "p.json")], capsys
    )
    assert code == 1
    assert stderr == (
        "error: [orders/prod] no AWS region: set 'region' in [tool.sdkgen] (or per API), "
        "pass --region, or set AWS_REGION\n"
    )


def test_an_unreachable_endpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clients_module, "MAX_ATTEMPTS", 1)  # refused connections are retried
    code, _, stderr = run(
        [
            "--rest-api",
            "orders",
            "--stage",
            "prod",
            "--out",
            str(tmp_path / "p.json"),
            "--region",
            REGION,
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        capsys,
    )
    assert code == 1
    assert stderr.startswith("error: [orders/prod] cannot reach http://127.0.0.1:9 ")
    assert stderr.count("\n") == 1


# --- command line -------------------------------------------------------------------------


def test_registered_arguments_and_defaults() -> None:
    args = parse([])
    assert args.config == Path("pyproject.toml")
    assert (args.api, args.stage, args.rest_api, args.http_api, args.out) == (None,) * 5
    args = parse(["--api", "a", "--api", "b", "--stage", "dev", "--stage", "prod"])
    assert (args.api, args.stage) == (["a", "b"], ["dev", "prod"])
    with pytest.raises(SystemExit):
        parse(["--rest-api", "a", "--http-api", "b"])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--out", "x.json"], "error: --out: only with --rest-api or --http-api\n"),
        (
            ["--region", "eu-west-1", "--profile", "p"],
            "error: --region, --profile: only with --rest-api or --http-api\n",
        ),
        (
            ["--rest-api", "a", "--out", "x.json"],
            "error: --rest-api/--http-api need exactly one --stage\n",
        ),
        (
            ["--rest-api", "a", "--stage", "a", "--stage", "b", "--out", "x.json"],
            "error: --rest-api/--http-api need exactly one --stage\n",
        ),
        (["--rest-api", "a", "--stage", "dev"], "error: --rest-api/--http-api need --out FILE\n"),
        (
            ["--rest-api", "a", "--stage", "dev", "--api", "orders", "--out", "x.json"],
            "error: --api selects configured APIs; it cannot be combined with --rest-api/--http-api\n",
        ),
        (
            ["--http-api", "a", "--stage", "dev", "--out", "x.json", "--extensions", "postman"],
            "error: --export-type and --extensions apply to REST APIs only\n",
        ),
        (
            ["--rest-api", "a", "--stage", "../x", "--out", "x.json"],
            "error: --stage: '../x' is not a stage name (letters, digits, '-', '_', or $default)\n",
        ),
        (
            ["--rest-api", "a", "--stage", "dev", "--out", "x.yaml"],
            "error: x.yaml: snapshots are JSON; use a .json file name\n",
        ),
        (
            ["--rest-api", "a", "--stage", "dev", "--out", "x.json", "--extensions", "magic"],
            "error: --extensions: unknown extension(s) 'magic' (known: apigateway, integrations, authorizers, documentation, postman)\n",
        ),
        (
            [
                "--rest-api",
                "a",
                "--stage",
                "dev",
                "--out",
                "x.json",
                "--endpoint-url",
                "http://key:s3cret@h",
            ],
            "error: --endpoint-url must not contain credentials\n",
        ),
        (
            [
                "--rest-api",
                "a",
                "--stage",
                "dev",
                "--out",
                "x.json",
                "--endpoint-url",
                f"http://k:{SECRET}@h",
            ],
            "error: --endpoint-url is not a valid URL\n",
        ),
        (["--config", "missing.toml"], "error: missing.toml: no such file\n"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str],
    expected: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run(argv, capsys)
    assert (code, stdout, stderr) == (2, "", expected)


def test_sdkgen_errors_keep_their_exit_code() -> None:
    assert SdkgenError("x").exit_code == 1
    assert UsageError("x").exit_code == 2
