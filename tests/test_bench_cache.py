"""The fleet's content-hash cache and parallel generation (correctness only; no timing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.cache import NO_CACHE_ENV_VAR
from generator.config import load_config
from generator.fleet import FleetResult, run_fleet

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "fleet"


def make_fleet(root: Path, apis: tuple[str, ...] = ("orders", "checkout")) -> Path:
    lines = ["[tool.sdkgen]", 'specs = "specs"', 'output = "clients"', 'dist = "dist"']
    for api in apis:
        source = next((FIXTURES / api).glob("prod.*"))
        target = root / "specs" / api / source.name
        target.parent.mkdir(parents=True)
        shutil.copyfile(source, target)
        lines += [f"[tool.sdkgen.apis.{api}]", f'package = "{api}-client"', 'stage = "prod"']
    pyproject = root / "pyproject.toml"
    pyproject.write_text("\n".join(lines) + "\n")
    return pyproject


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def statuses(results: list[FleetResult]) -> dict[str, str]:
    return {r.api: r.error or r.status for r in results}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(pipeline.CACHE_ENV_VAR, str(folder))
    monkeypatch.delenv(NO_CACHE_ENV_VAR, raising=False)
    return folder


def test_an_unchanged_fleet_is_skipped_without_rewriting(tmp_path: Path, cache: Path) -> None:
    config = load_config(make_fleet(tmp_path / "fleet"))
    first = run_fleet(config, wheels=False, echo=lambda _: None, jobs=2)
    assert statuses(first) == {"orders": "new", "checkout": "new"}
    before = snapshot(config.output_dir)
    lines: list[str] = []
    again = run_fleet(config, wheels=False, echo=lines.append, jobs=2)
    assert statuses(again) == {"orders": "unchanged", "checkout": "unchanged"}
    assert all(line.endswith("(cached)") for line in lines), lines
    assert [(r.operations, r.version) for r in again] == [(r.operations, r.version) for r in first]
    assert snapshot(config.output_dir) == before, "a cache hit rewrites nothing"
    checked = run_fleet(config, check=True, echo=lambda _: None)
    assert statuses(checked) == {"orders": "up to date", "checkout": "up to date"}


def test_changing_one_document_regenerates_only_that_client(tmp_path: Path, cache: Path) -> None:
    config = load_config(make_fleet(tmp_path / "fleet"))
    run_fleet(config, wheels=False, echo=lambda _: None, jobs=2)
    before = snapshot(config.output_dir)
    spec = config.specs_dir / "orders" / "prod.json"
    doc = json.loads(spec.read_text())
    doc["info"]["description"] = "Orders, now with a description."
    spec.write_text(json.dumps(doc))
    results = run_fleet(config, wheels=False, echo=lambda _: None, jobs=2)
    assert statuses(results) == {"orders": "updated", "checkout": "unchanged"}
    after = snapshot(config.output_dir)
    changed = {
        k.split("/", 1)[0] for k in after.keys() | before.keys() if after.get(k) != before.get(k)
    }
    assert changed == {"orders"}


def test_a_hand_edited_client_is_not_taken_from_the_cache(tmp_path: Path, cache: Path) -> None:
    config = load_config(make_fleet(tmp_path / "fleet", ("checkout",)))
    run_fleet(config, wheels=False, echo=lambda _: None)
    models = config.output_dir / "checkout" / "checkout_client" / "models.py"
    original = models.read_bytes()
    models.write_bytes(original + b"# edited\n")
    lines: list[str] = []
    results = run_fleet(config, wheels=False, echo=lines.append)
    assert not any("(cached)" in line for line in lines)
    assert results[0].error is None
    assert models.read_bytes() == original


def test_other_options_or_another_generator_miss_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "fleet"
    config = load_config(make_fleet(root, ("checkout",)))
    run_fleet(config, wheels=False, echo=lambda _: None)
    spec = config.specs_dir / "checkout" / "prod.json"
    out = config.output_dir / "checkout"
    assert pipeline.cached(spec, out, name="checkout-client") is not None
    assert pipeline.cached(spec, out, name="other-client") is None
    assert pipeline.cached(spec, out, name="checkout-client", version="2.0.0") is None
    monkeypatch.setenv("SDKGEN_MAX_DOCUMENT_BYTES", "123456789")
    assert pipeline.cached(spec, out, name="checkout-client") is None
    monkeypatch.delenv("SDKGEN_MAX_DOCUMENT_BYTES")
    monkeypatch.setattr(pipeline, "generator_fingerprint", lambda: "another sdkgen")
    assert pipeline.cached(spec, out, name="checkout-client") is None
    monkeypatch.undo()
    monkeypatch.setenv(pipeline.CACHE_ENV_VAR, str(cache))
    monkeypatch.setenv(NO_CACHE_ENV_VAR, "1")
    assert pipeline.cached(spec, out, name="checkout-client") is None


def test_parallel_and_serial_fleets_write_the_same_bytes(tmp_path: Path, cache: Path) -> None:
    serial = load_config(make_fleet(tmp_path / "serial"))
    parallel = load_config(make_fleet(tmp_path / "parallel"))
    serial_lines: list[str] = []
    parallel_lines: list[str] = []
    a = run_fleet(serial, wheels=False, echo=serial_lines.append, jobs=1)
    b = run_fleet(parallel, wheels=False, echo=parallel_lines.append, jobs=2)
    assert statuses(a) == statuses(b)
    assert [line.split(":")[0] for line in serial_lines] == [
        line.split(":")[0] for line in parallel_lines
    ], "lines come in configuration order"
    files_a = {k: v[1] for k, v in snapshot(serial.output_dir).items()}
    files_b = {k: v[1] for k, v in snapshot(parallel.output_dir).items()}
    assert files_a == files_b


def test_a_failing_api_does_not_stop_the_others(tmp_path: Path, cache: Path) -> None:
    root = tmp_path / "fleet"
    config = load_config(make_fleet(root, ("orders", "checkout")))
    (config.specs_dir / "orders" / "prod.json").write_text('{"openapi": "3.0.3", "paths": {}}')
    results = run_fleet(config, wheels=False, echo=lambda _: None, jobs=2)
    assert results[0].error is not None and results[1].status == "new"


def test_validation_of_an_unchanged_document_is_remembered(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import mainjob, validation

    config = load_config(make_fleet(tmp_path / "fleet", ("checkout",)))
    calls: list[object] = []
    real = validation.review

    def counting(path: Path) -> validation.Review:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(validation, "review", counting)
    first: list[str] = []
    second: list[str] = []
    mainjob.validate_specs(config, first.append)
    mainjob.validate_specs(config, second.append)
    assert len(calls) == 1 and first == second
    spec = config.specs_dir / "checkout" / "prod.json"
    spec.write_text(spec.read_text().replace('"title"', '"description": "x", "title"', 1))
    mainjob.validate_specs(config, second.append)
    assert len(calls) == 2
