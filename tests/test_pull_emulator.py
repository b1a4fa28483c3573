"""`sdkgen pull` against the embedded emulator: real boto3 calls, real files."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.emulator import Emulator
from generator.sources.pull import pull_fleet, pull_one, register_pull_arguments, run_pull
from generator.sources.snapshot import canonical_json

pytestmark = pytest.mark.slow

ORDER_SCHEMA = {
    "type": "object",
    "required": ["orderId"],
    "properties": {"orderId": {"type": "string"}, "total": {"type": "number"}},
}


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The emulator's test credentials; nothing read from ~/.aws or the caller's AWS_* settings."""
    for name in list(os.environ):
        if name.startswith("AWS_") or name == "SDKGEN_SOURCE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")


def create_shop_api(emu: Emulator, name: str = "shop", stage: str = "dev") -> tuple[str, str]:
    """A REST API with ``GET /orders`` (MOCK, typed by the ``Order`` model) deployed to ``stage``.

    Returns the API id and the deployment id.
    """
    apigw = emu.boto3_client("apigateway")
    api_id: str = apigw.create_rest_api(name=name, description="orders of the shop")["id"]
    apigw.create_model(
        restApiId=api_id,
        name="Order",
        contentType="application/json",
        schema=json.dumps(ORDER_SCHEMA),
    )
    root_id = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    resource_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="orders")["id"]
    common: dict[str, Any] = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="NONE", operationName="listOrders")
    apigw.put_integration(
        **common, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
    )
    apigw.put_method_response(
        **common, statusCode="200", responseModels={"application/json": "Order"}
    )
    apigw.put_integration_response(
        **common, statusCode="200", responseTemplates={"application/json": '{"orderId": "o-1"}'}
    )
    deployment_id: str = apigw.create_deployment(restApiId=api_id, stageName=stage)["id"]
    return api_id, deployment_id


def add_customers_and_redeploy(emu: Emulator, api_id: str, stage: str = "dev") -> str:
    apigw = emu.boto3_client("apigateway")
    root_id = next(
        r["id"] for r in apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/"
    )
    resource_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="customers")[
        "id"
    ]
    common: dict[str, Any] = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="NONE")
    apigw.put_integration(
        **common, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
    )
    deployment_id: str = apigw.create_deployment(restApiId=api_id, stageName=stage)["id"]
    return deployment_id


def state(*paths: Path) -> list[tuple[bytes, int]]:
    return [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="sdkgen pull")
    register_pull_arguments(parser)
    args = parser.parse_args(argv)
    code = run_pull(args, args.config)
    out, err = capsys.readouterr()
    return code, out, err


def write_fleet(tmp_path: Path, emu: Emulator, api: str = "shop") -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        f"""
[tool.sdkgen]
region = "{emu.region}"

[tool.sdkgen.apis.shop]
package = "shop-client"
api = "{api}"
stages = ["dev"]
endpoint_url = "{emu.endpoint_url}"
""",
        encoding="utf-8",
    )
    return path


def test_pull_one_writes_a_canonical_snapshot_and_its_provenance(
    clean_emulator: Emulator, tmp_path: Path
) -> None:
    emu = clean_emulator
    api_id, deployment_id = create_shop_api(emu)
    out = tmp_path / "specs" / "shop" / "dev.json"
    lines: list[str] = []
    result = pull_one(
        kind="rest",
        api=api_id,
        stage="dev",
        out=out,
        endpoint_url=emu.endpoint_url,
        region=emu.region,
        echo=lines.append,
    )
    assert lines == [f"[{api_id}/dev] rest api {api_id} -> {out} (new)"]
    assert (result.api, result.api_id, result.deployment_id) == ("shop", api_id, deployment_id)
    data = out.read_bytes()
    doc = json.loads(data)
    assert data == canonical_json(doc)
    assert doc["paths"]["/orders"]["get"]["operationId"] == "listOrders"
    assert doc["paths"]["/orders"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/Order"}
    assert doc["components"]["schemas"]["Order"] == ORDER_SCHEMA
    assert "x-amazon-apigateway-integration" in doc["paths"]["/orders"]["get"]  # extensions
    provenance = out.with_name("dev.provenance.json")
    assert provenance.read_bytes() == canonical_json(
        {
            "api": "shop",
            "kind": "rest",
            "api_id": api_id,
            "stage": "dev",
            "deployment_id": deployment_id,
            "export_type": "oas30",
            "extensions": "apigateway,authorizers",
            "region": emu.region,
            "source": "emulator",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    )
    before = state(out, provenance)
    again = pull_one(
        kind="rest",
        api="shop",  # by name this time
        stage="dev",
        out=out,
        endpoint_url=emu.endpoint_url,
        region=emu.region,
        echo=lines.append,
    )
    assert (again.api_id, again.status, again.provenance_status) == (
        api_id,
        "unchanged",
        "unchanged",
    )
    assert state(out, provenance) == before
    assert lines[-1] == f"[shop/dev] rest api {api_id} -> {out} (unchanged)"


def test_swagger_exports(clean_emulator: Emulator, tmp_path: Path) -> None:
    api_id, _ = create_shop_api(clean_emulator)
    out = tmp_path / "dev.json"
    pull_one(
        kind="rest",
        api=api_id,
        stage="dev",
        out=out,
        endpoint_url=clean_emulator.endpoint_url,
        region=clean_emulator.region,
        export_type="swagger",
        extensions="",
        echo=lambda _: None,
    )
    doc = json.loads(out.read_text())
    assert doc["swagger"] == "2.0"
    assert doc["definitions"]["Order"] == ORDER_SCHEMA
    assert "x-amazon-apigateway-integration" not in doc["paths"]["/orders"]["get"]
    provenance = json.loads((tmp_path / "dev.provenance.json").read_text())
    assert (provenance["export_type"], provenance["extensions"]) == ("swagger", "")


def test_fleet_pull_then_unchanged_then_updated(
    clean_emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu = clean_emulator
    api_id, deployment_id = create_shop_api(emu)
    config_path = write_fleet(tmp_path, emu)
    config = load_config(config_path)
    lines: list[str] = []
    (result,) = pull_fleet(config, apis=None, stages=None, endpoint_url=None, echo=lines.append)
    snapshot = tmp_path / "specs" / "shop" / "dev.json"
    provenance = tmp_path / "specs" / "shop" / "dev.provenance.json"
    assert lines == [f"[shop/dev] rest api {api_id} -> specs/shop/dev.json (new)"]
    assert (result.path, result.provenance_path, result.status) == (snapshot, provenance, "new")
    assert config.apis[0].spec_path(config.specs_dir) == snapshot  # what `sdkgen fleet` reads
    recorded = json.loads(provenance.read_text())
    assert (recorded["api"], recorded["api_id"], recorded["deployment_id"]) == (
        "shop",
        api_id,
        deployment_id,
    )
    before = state(snapshot, provenance)

    code, out, err = run(["--config", str(config_path)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"[shop/dev] rest api {api_id} -> specs/shop/dev.json (unchanged)",
        "pulled 1 stage(s): 0 new, 0 updated, 1 unchanged",
    ]
    assert state(snapshot, provenance) == before

    new_deployment = add_customers_and_redeploy(emu, api_id)
    code, out, err = run(["--config", str(config_path), "--api", "shop", "--stage", "dev"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"[shop/dev] rest api {api_id} -> specs/shop/dev.json (updated)"
    assert "/customers" in json.loads(snapshot.read_text())["paths"]
    assert json.loads(provenance.read_text())["deployment_id"] == new_deployment


def test_unknown_api_or_stage_fail_in_one_line_and_leave_files_alone(
    clean_emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu = clean_emulator
    api_id, _ = create_shop_api(emu)
    out = tmp_path / "dev.json"
    common = ["--out", str(out), "--endpoint-url", emu.endpoint_url, "--region", emu.region]
    assert run(["--rest-api", "shop", "--stage", "dev", *common], capsys)[0] == 0
    provenance = tmp_path / "dev.provenance.json"
    before = state(out, provenance)

    code, stdout, stderr = run(["--rest-api", "billing", "--stage", "dev", *common], capsys)
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"error: [billing/dev] no rest API in {emu.region} has the id or name 'billing' "
        "(1 rest API(s) listed)\n"
    )
    code, stdout, stderr = run(["--rest-api", "shop", "--stage", "qa", *common], capsys)
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"error: [shop/qa] rest API {api_id} (shop) has no stage 'qa' "
        "(NotFoundException: Invalid Stage identifier specified)\n"
    )
    assert state(out, provenance) == before
    assert not (tmp_path / "qa.json").exists()

    # The fleet form: an API that is not there, with its snapshot already on disk.
    config_path = write_fleet(tmp_path, emu, api="gone")
    snapshot = tmp_path / "specs" / "shop" / "dev.json"
    snapshot.parent.mkdir(parents=True)
    snapshot.write_bytes(out.read_bytes())
    fleet_before = state(snapshot)
    code, stdout, stderr = run(["--config", str(config_path)], capsys)
    assert code == 1
    assert stderr.startswith("error: [shop/dev] no rest API in us-east-1 has the id or name 'gone'")
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert state(snapshot) == fleet_before
    assert sorted(p.name for p in snapshot.parent.iterdir()) == ["dev.json"]


def test_aws_endpoint_url_is_honoured(
    clean_emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api_id, _ = create_shop_api(clean_emulator)
    monkeypatch.setenv("AWS_ENDPOINT_URL", clean_emulator.endpoint_url)
    result = pull_one(
        kind="rest",
        api="shop",
        stage="dev",
        out=tmp_path / "dev.json",
        region=clean_emulator.region,
        echo=lambda _: None,
    )
    assert result.api_id == api_id
    assert json.loads(result.provenance_path.read_text())["source"] == "emulator"

    # The fleet form too, with no endpoint_url in the config.
    config = tmp_path / "pyproject.toml"
    config.write_text(
        f'[tool.sdkgen]\nregion = "{clean_emulator.region}"\n[tool.sdkgen.apis.shop]\nstages = ["dev"]\n'
    )
    (fleet_result,) = pull_fleet(load_config(config), echo=lambda _: None)
    assert (fleet_result.api_id, fleet_result.status) == (api_id, "new")


def test_http_api_export_is_not_implemented_by_the_emulator(
    clean_emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v2 = clean_emulator.boto3_client("apigatewayv2")
    api_id = v2.create_api(Name="checkout", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    code, stdout, stderr = run(
        [
            "--http-api",
            "checkout",
            "--stage",
            "$default",
            "--out",
            str(tmp_path / "x.json"),
            "--endpoint-url",
            clean_emulator.endpoint_url,
            "--region",
            clean_emulator.region,
        ],
        capsys,
    )
    # Listing and GetStage work; ExportApi is missing from ministack 1.5.33.
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"error: [checkout/$default] exporting stage '$default' of http API {api_id} (checkout): "
        f"not found (NotFoundException: Unknown API Gateway path: /v2/apis/{api_id}/exports/OAS30)\n"
    )
    assert list(tmp_path.iterdir()) == []
