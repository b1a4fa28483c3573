"""The main job end to end: emulator up, fleet deployed, pulled, generated, installed, called."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.emulator import Emulator
from generator.emulator.fleet import BREAKING_CHANGES, deploy_fleet
from generator.mainjob import pin_resource_ids, run_main_job

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def fleet_project(tmp: Path, *, endpoint_url: str | None = None, source: str = "emulator") -> Path:
    """A copy of the repository's fleet configuration with its own specs/ and output folders."""
    table = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["sdkgen"]
    lines = ["[tool.sdkgen]", f'source = "{source}"', f'region = "{table["region"]}"']
    for name, api in table["apis"].items():
        lines.append(f"[tool.sdkgen.apis.{name}]")
        lines.append(f'package = "{api["package"]}"')
        lines.append(f"stages = {json.dumps(api['stages'])}")
        lines.append(f'stage = "{api["stage"]}"')
        if "export" in api:
            lines.append(f'export = {{ type = "{api["export"]["type"]}" }}')
        if endpoint_url:
            lines.append(f'endpoint_url = "{endpoint_url}"')
    path = tmp / "pyproject.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_pull_generate_install_and_call_the_live_fleet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.delenv("SDKGEN_SOURCE", raising=False)
    with Emulator() as emulator:
        fleet = deploy_fleet(emulator, workdir=tmp_path / "work")
        config = fleet_project(tmp_path, endpoint_url=emulator.endpoint_url)

        # sdkgen pull, twice: the second pull changes no byte under specs/.
        assert main(["pull", "--config", str(config)]) == 0
        first = tree(tmp_path / "specs")
        mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "specs").rglob("*.json")}
        assert main(["pull", "--config", str(config)]) == 0
        assert tree(tmp_path / "specs") == first
        assert {p: p.stat().st_mtime_ns for p in (tmp_path / "specs").rglob("*.json")} == mtimes
        out = capsys.readouterr().out
        assert "(unchanged)" in out and "specs/orders/prod.json" in out
        provenance = json.loads((tmp_path / "specs/orders/prod.provenance.json").read_text())
        assert provenance["api_id"] == fleet.orders.api_id and provenance["stage"] == "prod"
        assert provenance["export_type"] == "swagger" and provenance["source"] == "emulator"

        # generate the orders client from the pulled prod export and install it in a fresh venv
        client_dir = tmp_path / "orders-client"
        assert (
            main(
                [
                    "generate",
                    str(tmp_path / "specs/orders/prod.json"),
                    "--out",
                    str(client_dir),
                    "--name",
                    "orders-client",
                ]
            )
            == 0
        )
        env_dir = tmp_path / "venv"
        venv.create(env_dir, with_pip=True)
        python = env_dir / "bin" / "python"
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", str(client_dir)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert install.returncode == 0, install.stderr[-3000:]

        script = """
import json, sys
import orders_client
from orders_client import Client, PermissionDeniedError
base_url, key = sys.argv[1], sys.argv[2]
result = {}
with Client(base_url=base_url) as anonymous:
    try:
        anonymous.orders.list()
    except PermissionDeniedError as err:
        result["no_key"] = [err.status_code, err.body]
with Client(base_url=base_url, api_key=key) as client:
    created = client.orders.create(body=orders_client.models.NewOrder(customerId="c-1", currency="EUR", items=[orders_client.models.NewOrderItem(sku="WIDGET-1", quantity=2, unitPrice=9.99)]))
    read = client.orders.get(order_id=created.orderId)
    result["created"] = [type(created).__name__, created.orderId, read.orderId, read.customerId, len(read.items or [])]
print(json.dumps(result))
"""
        run = subprocess.run(
            [str(python), "-c", script, fleet.orders.url("prod"), fleet.orders.api_key],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        result = json.loads(run.stdout)
        assert result["no_key"] == [403, {"message": "Forbidden"}]
        kind, order_id, read_id, customer, items = result["created"]
        assert kind == "Order" and order_id == read_id and customer == "c-1" and items == 1

        # a pricing quote that really went through the generated orders client
        import httpx

        quote = httpx.post(
            fleet.pricing.url("prod") + "/quotes",
            json={"orderId": order_id},
            headers={"x-api-key": fleet.pricing.api_key},
            timeout=30,
        )
        assert quote.status_code == 200, quote.text
        assert [line["sku"] for line in quote.json()["lines"]] == ["WIDGET-1"]
        reads = fleet.state("orders").get("reads", [])
        assert any(r.get("userAgent", "").startswith("orders-client/") for r in reads), reads
        temp_dir = emulator.temp_dir
        pid = emulator.pid
    # everything torn down
    assert temp_dir is not None and not temp_dir.exists()
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)


def test_main_job_on_the_emulator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDKGEN_SOURCE", raising=False)
    lines: list[str] = []
    config = load_config(fleet_project(tmp_path))
    results = run_main_job(config, echo=lines.append)
    assert [r.error for r in results] == [None, None, None]
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.whl")) == [
        "checkout_client-0.1.0-py3-none-any.whl",
        "orders_client-0.1.0-py3-none-any.whl",
        "pricing_client-0.1.0-py3-none-any.whl",
    ]
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.tar.gz")) == [
        "checkout_client-0.1.0.tar.gz",
        "orders_client-0.1.0.tar.gz",
        "pricing_client-0.1.0.tar.gz",
    ]
    text = "\n".join(lines)
    assert "embedded API Gateway emulator" in text and "not from AWS" in text
    for api in ("orders", "pricing", "checkout"):
        assert (tmp_path / "generated_clients" / api / "pyproject.toml").is_file()
        assert any(line.startswith(f"[{api}] ") for line in lines)
    # dev is the deploy-time export: it still has the operation prod removed
    removed = next(c for c in BREAKING_CHANGES if c.api == "orders")
    dev = json.loads((tmp_path / "specs/orders/dev.json").read_text())
    prod = json.loads((tmp_path / "specs/orders/prod.json").read_text())
    assert removed.path in dev["paths"] and removed.path not in prod["paths"]
    # the next run (a new deployment of every stage) changes no file, provenance included
    specs = tree(tmp_path / "specs")
    assert len([k for k in specs if k.endswith(".provenance.json")]) == 6
    clients = tree(tmp_path / "generated_clients")
    lines.clear()
    run_main_job(config, wheels=False, echo=lines.append)
    assert tree(tmp_path / "specs") == specs
    assert tree(tmp_path / "generated_clients") == clients
    pulled = [line for line in lines if " -> specs/" in line]
    assert len(pulled) == 6 and all(line.endswith("(unchanged)") for line in pulled), pulled


def test_aws_source_never_falls_back_to_the_emulator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for var in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("SDKGEN_SOURCE", "aws")
    config = fleet_project(tmp_path)
    assert main(["fleet", "--config", str(config), "--no-wheels"]) == 1
    captured = capsys.readouterr()
    assert "no AWS credentials found" in captured.err
    assert "emulator" not in captured.out
    assert "Traceback" not in captured.err
    assert not (tmp_path / "specs").exists() and not (tmp_path / "generated_clients").exists()


def test_pinned_resource_ids_only_touch_cache_namespaces() -> None:
    doc = {
        "paths": {
            "/a": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "cacheNamespace": "r4nd0m",
                        "type": "aws_proxy",
                    }
                }
            },
            "/b": {"post": {"responses": {}}},
        }
    }
    pinned = json.loads(pin_resource_ids(json.dumps(doc).encode()))
    integration = pinned["paths"]["/a"]["get"]["x-amazon-apigateway-integration"]
    assert integration["type"] == "aws_proxy" and integration["cacheNamespace"] != "r4nd0m"
    assert pin_resource_ids(json.dumps(doc).encode()) == pin_resource_ids(
        json.dumps(pinned).encode()
    )
    assert pinned["paths"]["/b"] == doc["paths"]["/b"]
