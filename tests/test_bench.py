"""The benchmark code itself (python -m generator.bench): measuring, reporting, fleet set-up.

No timing is asserted: the benchmarks run with ``nox -s bench``, not in the test suite.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.bench import clients, fleetbench, report
from generator.bench.measure import median, ratio, run_measured
from generator.config import load_config


def test_run_measured_reports_exit_code_output_and_peak_memory() -> None:
    script = "import sys; b = bytearray(80 * 1024 * 1024); print('done'); sys.exit(3)"
    run = run_measured([sys.executable, "-c", script])
    assert run.returncode == 3 and not run.ok
    assert run.output == "done"
    assert run.peak_mib >= 80
    assert run.seconds > 0


def test_run_measured_stops_a_child_at_its_timeout() -> None:
    run = run_measured([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert not run.ok and run.seconds < 10


def test_median_and_ratio() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert ratio(1.0, 4.0) == 0.25
    assert ratio(None, 1.0) is None and ratio(1.0, None) is None and ratio(1.0, 0.0) is None


def _generation(seconds: float | None, peak: float | None, failure: str | None = None) -> Any:
    return {"ok": failure is None, "seconds": seconds, "peak_mib": peak, "failure": failure}


def test_rows_compare_with_the_peer_and_say_which_targets_are_met() -> None:
    results = {
        "generate": {
            "github": {"sdkgen": _generation(4.0, 200.0), "peer": _generation(10.0, 250.0)},
            "stripe": {
                "sdkgen": _generation(3.0, 150.0),
                "peer": _generation(None, None, "duplicate enum key"),
            },
        },
        "import": {"sdkgen": {"seconds": 0.2}, "openapi-python-client": {"seconds": 0.1}},
        "fleet": {
            "apis": 50,
            "jobs": 2,
            "cold_seconds": 30.0,
            "cold_work_seconds": 55.0,
            "warm_seconds": 0.1,
            "warm_rewrites": 0,
            "one_changed_seconds": 1.0,
            "one_changed_regenerated": ["b"],
            "one_changed_expected": "b",
        },
        "diff": {"base": "a.json", "revision": "b.json", "ok": True, "seconds": 3.5},
        "diff_graph": {
            "schemas": 400,
            "width": 40,
            "operations": 400,
            "ok": True,
            "seconds": 12.0,
            "cpu_seconds": 4.0,
        },
    }
    rows = {row.measure: row for row in report.rows_for(results)}
    wall = rows["generate github: wall time"]
    assert (wall.ratio, wall.met) == ("0.40x", "yes")
    assert rows["generate github: peak memory"].met == "yes"
    stripe = rows["generate stripe: wall time"]
    assert stripe.peer == "fails: duplicate enum key" and stripe.met == "-"
    assert rows["import + Client() (GitHub client, median)"].met == "NO"
    assert rows["fleet of 50: nothing changed"].met == "yes"
    assert rows["fleet of 50: one document changed"].met == "yes"
    assert rows["diff a.json -> b.json"].met == "NO"
    graph = rows["diff of 400 schemas referencing 40 others each, 400 operations"]
    assert (graph.sdkgen, graph.met) == ("12.00 s (4.00 s CPU)", "yes")  # judged on CPU time
    text = report.table(list(rows.values()))
    assert text.splitlines()[0].startswith("| measure") and "| NO " in text


def test_fleet_documents_make_a_valid_fleet_config(tmp_path: Path) -> None:
    directory = tmp_path / "api"
    apigateway = tmp_path / "apigateway"
    apigateway.mkdir()
    doc = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}}
    for index in range(45):
        (apigateway / f"Owner__repo-{index}__My API v2 (prod)-oas30.json").write_text(
            json.dumps(doc)
        )
    (apigateway / "INDEX.md").write_text("not a document")
    for index in range(10):
        path = directory / f"example{index}.com" / "api.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({**doc, "x-padding": "x" * 10_000}))
    docs = fleetbench.fleet_documents(directory, apigateway)
    assert len(docs) == fleetbench.FLEET_SIZE
    assert len({d.name for d in docs}) == len(docs)
    config = load_config(fleetbench.write_fleet(tmp_path / "fleet", docs))
    assert len(config.apis) == fleetbench.FLEET_SIZE
    assert all(api.spec_path(config.specs_dir).is_file() for api in config.apis)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_touch_document_changes_only_the_description(tmp_path: Path, suffix: str) -> None:
    doc = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/a": {}}}
    path = tmp_path / f"doc{suffix}"
    path.write_text(json.dumps(doc) if suffix == ".json" else yaml.safe_dump(doc))
    fleetbench.touch_document(path)
    changed = (
        json.loads(path.read_text()) if suffix == ".json" else yaml.safe_load(path.read_text())
    )
    assert changed["info"]["description"] == "(changed)"
    del changed["info"]["description"]
    assert changed == doc


def test_operations_are_found_in_both_generated_clients(tmp_path: Path) -> None:
    ours = tmp_path / "ours" / "pkg"
    ours.mkdir(parents=True)
    (ours / "manifest.json").write_text(
        json.dumps(
            {
                "operations": [
                    {
                        "method": "GET",
                        "path": "/x",
                        "resource": "x",
                        "python_name": "get_x",
                        "returns": "X",
                    },
                    {
                        "method": "GET",
                        "path": "/rate_limit",
                        "resource": "rate_limit",
                        "python_name": "rate_limit_get",
                        "returns": "RateLimitOverview",
                    },
                ]
            }
        )
    )
    assert clients.sdkgen_operation(tmp_path / "ours", "pkg") == {
        "kind": "sdkgen",
        "resource": "rate_limit",
        "method": "rate_limit_get",
        "model": "RateLimitOverview",
    }
    theirs = tmp_path / "theirs" / "pkg" / "api" / "rate_limit"
    theirs.mkdir(parents=True)
    (theirs / "rate_limitget.py").write_text('x = {"method": "get", "url": "/rate_limit",}\n')
    (theirs / "other.py").write_text('x = {"method": "get", "url": "/rate_limit/x",}\n')
    assert clients.opc_operation(tmp_path / "theirs", "pkg") == {
        "kind": "opc",
        "module": "api.rate_limit.rate_limitget",
    }


def test_example_body_is_the_documents_example(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    value = {"resources": {"core": {"limit": 60}}}
    path.write_text(
        json.dumps({"components": {"examples": {"rate-limit-overview": {"value": value}}}})
    )
    assert json.loads(clients.example_body(path)) == value
