"""`sdkgen discover`: the account's APIs into [tool.sdkgen.apis.*], the rest of the file intact."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from generator.cli import main
from generator.config import load_config
from generator.discover.core import run_discover
from generator.emulator import Emulator
from generator.sources.clients import ClientCache, ClientSettings

ORIGINAL = """\
# the platform team's fleet
[project]
name = "platform-clients"   # not a package of its own
version = "0"

[tool.sdkgen]
source = "aws"
region = "us-east-1"

# hand-written: the legacy API keeps its settings
[tool.sdkgen.apis.legacy]
package = "legacy-client"
stage = "v1"  # the only stage

[tool.ruff]
line-length = 100
"""


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "SDKGEN_SOURCE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")


def deployed_api(apigw: Any, name: str, tags: dict[str, str], stages: list[str]) -> str:
    api_id: str = apigw.create_rest_api(name=name, tags=tags)["id"]
    root = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    common = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="NONE")
    apigw.put_integration(**common, type="MOCK", requestTemplates={"application/json": "{}"})
    for stage in stages:
        apigw.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def in_order(lines: list[str], within: list[str]) -> bool:
    """Whether ``lines`` appear in ``within`` in the same order (other lines may come between)."""
    position = iter(within)
    return all(any(line == other for other in position) for line in lines)


@pytest.mark.slow
def test_discover_writes_the_tagged_rest_apis_and_keeps_everything_else(
    clean_emulator: Emulator, tmp_path: Path, aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    emu = clean_emulator
    apigw = emu.boto3_client("apigateway")
    orders = deployed_api(apigw, "Orders API", {"team": "shop"}, ["dev", "prod"])
    deployed_api(apigw, "ops-internal", {"team": "ops"}, ["prod"])
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(ORIGINAL)
    argv = [
        "discover",
        "--config",
        str(pyproject),
        "--region",
        emu.region,
        "--endpoint-url",
        emu.endpoint_url,
        "--tag",
        "team=shop",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"rest api {orders} (Orders API): added [tool.sdkgen.apis.orders-api]" in out
    text = pyproject.read_text()
    assert in_order(ORIGINAL.splitlines(), text.splitlines())  # nothing of the user's lost
    config = load_config(pyproject)
    assert [a.name for a in config.apis] == ["legacy", "orders-api"]
    added = config.apis[1]
    assert (added.kind, added.api, added.stages, added.stage, added.package) == (
        "rest",
        orders,
        ("dev", "prod"),
        "prod",
        "orders-api-client",
    )
    assert "ops-internal" not in text

    # again: nothing to change, not a byte
    assert main(argv) == 0
    assert f"{pyproject}: unchanged" in capsys.readouterr().out
    assert pyproject.read_text() == text

    # a new stage: the API gains it and keeps its settings (even edited ones)
    pyproject.write_text(text.replace('package = "orders-api-client"', 'package = "orders"'))
    apigw.create_deployment(restApiId=orders, stageName="qa")
    assert main(argv) == 0
    assert "gains stage(s) qa" in capsys.readouterr().out
    updated = load_config(pyproject).apis[1]
    assert (updated.package, updated.stages, updated.stage) == (
        "orders",
        ("dev", "prod", "qa"),
        "prod",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]  # no temporary left


def _stubbed(service: str) -> tuple[Any, Stubber]:
    client = boto3.client(
        service, region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    return client, Stubber(client)


def test_discover_http_apis(tmp_path: Path) -> None:
    settings = ClientSettings(region="eu-west-1", profile="reader", endpoint_url=None)
    rest, rest_stub = _stubbed("apigateway")
    rest_stub.add_response("get_rest_apis", {"items": []}, {})
    http, http_stub = _stubbed("apigatewayv2")
    http_stub.add_response(
        "get_apis",
        {
            "Items": [
                {
                    "ApiId": "ws1",
                    "Name": "chat",
                    "ProtocolType": "WEBSOCKET",
                    "RouteSelectionExpression": "$request.body.action",
                },
                {
                    "ApiId": "h7k2",
                    "Name": "checkout",
                    "ProtocolType": "HTTP",
                    "RouteSelectionExpression": "x",
                    "Tags": {"team": "shop"},
                },
            ]
        },
        {},
    )
    http_stub.add_response(
        "get_stages",
        {"Items": [{"StageName": "$default"}, {"StageName": "beta"}]},
        {"ApiId": "h7k2"},
    )
    clients = ClientCache()
    clients._clients[("apigateway", settings)] = rest
    clients._clients[("apigatewayv2", settings)] = http
    pyproject = tmp_path / "pyproject.toml"  # none yet: a new file
    lines: list[str] = []
    with rest_stub, http_stub:
        assert (
            run_discover(
                pyproject,
                settings=settings,
                tags={"team": "shop"},
                echo=lines.append,
                clients=clients,
            )
            == 0
        )
    assert lines[0] == "discover: 1 REST/HTTP API(s) in eu-west-1, 1 tagged team=shop"
    config = load_config(pyproject, environ={})
    (api,) = config.apis
    assert (api.name, api.kind, api.api, api.stages, api.stage) == (
        "checkout",
        "http",
        "h7k2",
        ("$default", "beta"),
        "$default",
    )
    assert (config.source, config.region, api.profile) == ("aws", "eu-west-1", "reader")


def test_a_bad_tag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", "--tag", "team"]) == 2
    assert "expected KEY=VALUE" in capsys.readouterr().err
