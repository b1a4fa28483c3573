"""`sdkgen plan`: only the APIs whose export, configuration or generator changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.fleet import run_fleet
from generator.plan import matrix, plan_fleet

REPO = Path(__file__).resolve().parents[1]
APIS = ("orders", "pricing", "checkout")


@pytest.fixture
def fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SDKGEN_NO_CACHE", raising=False)
    root = tmp_path / "fleet"
    lines = ["[tool.sdkgen]"]
    for api in APIS:
        (root / "specs" / api).mkdir(parents=True)
        shutil.copy(REPO / "specs" / api / "prod.json", root / "specs" / api / "prod.json")
        lines += [f"[tool.sdkgen.apis.{api}]", f'package = "{api}-client"', 'stage = "prod"']
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return root / "pyproject.toml"


def plan_json(config: Path, capsys: pytest.CaptureFixture[str]) -> object:
    assert main(["plan", "--config", str(config), "--no-pull", "--json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)  # stdout is the JSON and nothing else


def test_one_changed_api_is_the_only_one_planned(
    fleet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # nothing generated yet (a fresh runner): everything
    assert plan_json(fleet, capsys) == {"include": [{"api": a} for a in APIS]}
    run_fleet(load_config(fleet), wheels=False, echo=lambda _: None, jobs=1)
    assert plan_json(fleet, capsys) == {"include": []}

    # pricing's export changed
    spec = fleet.parent / "specs" / "pricing" / "prod.json"
    spec.write_text(spec.read_text().replace('"title"', '"description": "new", "title"', 1))
    assert plan_json(fleet, capsys) == {"include": [{"api": "pricing"}]}

    # checkout's configuration changed (its package name)
    fleet.write_text(fleet.read_text().replace('"checkout-client"', '"shop-checkout"'))
    assert plan_json(fleet, capsys) == {"include": [{"api": "pricing"}, {"api": "checkout"}]}


def test_a_generated_client_edited_by_hand_is_planned(fleet: Path) -> None:
    config = load_config(fleet)
    run_fleet(config, wheels=False, echo=lambda _: None, jobs=1)
    readme = fleet.parent / "generated_clients" / "orders" / "README.md"
    readme.write_text(readme.read_text() + "\nedited\n")
    planned = plan_fleet(config)
    assert [p.api for p in planned if p.changed] == ["orders"]
    assert matrix(planned) == {"include": [{"api": "orders"}]}


def test_a_missing_document_is_planned_so_its_job_reports_it(fleet: Path) -> None:
    (fleet.parent / "specs" / "orders" / "prod.json").unlink()
    (item, *_rest) = plan_fleet(load_config(fleet))
    assert (item.api, item.changed) == ("orders", True)
    assert "no prod document" in item.reason


def test_text_output(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_fleet(load_config(fleet), wheels=False, echo=lambda _: None, jobs=1)
    assert main(["plan", "--config", str(fleet), "--no-pull"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"[{api}] skip: up to date (version 0.1.0)" for api in APIS
    ]
