"""The diff as the command runs it: two GitHub spec versions, and a document of schemas that
reference each other widely (its cost must grow with the schemas, not with the paths through
them). Wall and CPU time of the child process; on a shared machine CPU time is the steadier."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from generator.bench.measure import median, run_measured

GRAPH_WIDTH = 40  # each schema references the next GRAPH_WIDTH schemas: paths to a leaf multiply
GRAPH_SCHEMAS = 400
GRAPH_OPERATIONS = 400


def bench_diff(old: Path, new: Path, *, runs: int, echo: Any = print) -> dict[str, Any]:
    result = {"base": old.name, "revision": new.name, **_measure(old, new, runs)}
    echo(
        f"  diff {old.name} -> {new.name}: {result['seconds']:.2f} s "
        f"({result['cpu_seconds']:.2f} s CPU), {result['peak_mib']:.0f} MiB"
    )
    return result


def bench_shared_graph(work: Path, *, runs: int, echo: Any = print) -> dict[str, Any]:
    """The diff of two versions of :func:`shared_graph_document` (the deepest schema's leaf
    changes type: every operation reaches it through countless paths)."""
    folder = work / "diff-graph"
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "base.json", folder / "revision.json"
    old.write_text(json.dumps(shared_graph_document("string")), encoding="utf-8")
    new.write_text(json.dumps(shared_graph_document("integer")), encoding="utf-8")
    result = {
        "schemas": GRAPH_SCHEMAS,
        "width": GRAPH_WIDTH,
        "operations": GRAPH_OPERATIONS,
        **_measure(old, new, runs),
    }
    echo(
        f"  diff of {GRAPH_SCHEMAS} schemas referencing {GRAPH_WIDTH} others each, "
        f"{GRAPH_OPERATIONS} operations: {result['seconds']:.2f} s "
        f"({result['cpu_seconds']:.2f} s CPU)"
    )
    return result


def _measure(old: Path, new: Path, runs: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "generator", "diff", str(old), str(new), "--format", "json"]
    measured = [run_measured(command, keep_lines=2) for _ in range(runs)]
    return {
        "ok": all(r.returncode in (0, 1) for r in measured),  # 1: --fail-on would fail; not used
        "seconds": median([r.seconds for r in measured]),
        "cpu_seconds": median([r.cpu_seconds for r in measured]),
        "samples": [r.seconds for r in measured],
        "peak_mib": max(r.peak_mib for r in measured),
    }


def shared_graph_document(
    leaf_type: str,
    *,
    schemas: int = GRAPH_SCHEMAS,
    width: int = GRAPH_WIDTH,
    operations: int = GRAPH_OPERATIONS,
) -> dict[str, Any]:
    """``schemas`` object schemas, each referencing the next ``width`` ones and itself; the last
    has a ``leaf`` property of ``leaf_type``. Each of ``operations`` operations sends one of
    the first ten and returns the first."""
    components: dict[str, Any] = {}
    for i in range(schemas):
        props: dict[str, Any] = {"name": {"type": "string"}}
        for j in range(i + 1, min(i + 1 + width, schemas)):
            props[f"s{j}"] = {"$ref": f"#/components/schemas/S{j}"}
        if i == schemas - 1:
            props["leaf"] = {"type": leaf_type}
        props["self"] = {"$ref": f"#/components/schemas/S{i}"}
        components[f"S{i}"] = {"type": "object", "properties": props}

    def body(ref: str) -> dict[str, Any]:
        return {"content": {"application/json": {"schema": {"$ref": ref}}}}

    paths = {
        f"/r{k}": {
            "post": {
                "operationId": f"op{k}",
                "requestBody": body(f"#/components/schemas/S{k % 10}"),
                "responses": {"200": {"description": "OK", **body("#/components/schemas/S0")}},
            }
        }
        for k in range(operations)
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "graph", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }
