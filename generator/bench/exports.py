"""Generation of typical API Gateway exports: sdkgen next to openapi-python-client, one cold
process per document and tool (the API Gateway exports of the test corpus, and those
$SDKGEN_EXTRA_CORPUS adds)."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path
from typing import Any

from generator.bench.generation import (
    opc_command,
    opc_config,
    peer_environment,
    sdkgen_command,
)
from generator.bench.measure import run_measured
from generator.bench.tools import Peer
from generator.corpus.documents import indexed_apigateway_documents

TYPICAL = "aws-samples__serverless-patterns__restaurants-api.yaml"


def bench_exports(*, peer: Peer, work: Path, echo: Any = print) -> dict[str, Any]:
    """Each export once with each tool, alternating; the median ratio of wall times over the
    documents both tools generate, and the typical export's own."""
    work.mkdir(parents=True, exist_ok=True)
    config = opc_config(work, "export_client_opc")
    rows: list[dict[str, Any]] = []
    for document in indexed_apigateway_documents()[0]:
        row: dict[str, Any] = {"document": document.path.name}
        for tool in ("sdkgen", "peer"):
            out = work / f"{tool}-export"
            shutil.rmtree(out, ignore_errors=True)
            if tool == "sdkgen":
                run = run_measured(sdkgen_command(document.path, out, "export-client"))
            else:
                command = opc_command(peer, document.path, out, config)
                run = run_measured(command, env=peer_environment(peer))
            row[tool] = {"ok": run.ok, "seconds": run.seconds, "cpu_seconds": run.cpu_seconds}
        rows.append(row)
        both = row["sdkgen"]["ok"] and row["peer"]["ok"]
        ratio = row["sdkgen"]["seconds"] / row["peer"]["seconds"] if both else None
        row["ratio"] = ratio
        echo(
            f"  {document.path.name}: sdkgen {row['sdkgen']['seconds']:.2f} s, peer "
            f"{row['peer']['seconds']:.2f} s{'' if row['peer']['ok'] else ' (fails)'}"
            + (f", {ratio:.2f}x" if ratio is not None else "")
        )
    compared = [r for r in rows if r["ratio"] is not None]
    typical = next((r for r in rows if r["document"] == TYPICAL), None)
    return {
        "documents": len(rows),
        "sdkgen_ok": sum(r["sdkgen"]["ok"] for r in rows),
        "peer_ok": sum(r["peer"]["ok"] for r in rows),
        "compared": len(compared),
        "median_ratio": statistics.median(r["ratio"] for r in compared) if compared else None,
        "median_sdkgen_seconds": statistics.median(r["sdkgen"]["seconds"] for r in rows),
        "median_peer_seconds": statistics.median(r["peer"]["seconds"] for r in compared)
        if compared
        else None,
        "typical": typical,
        "rows": rows,
    }
