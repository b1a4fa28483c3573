"""Generation of big real documents: sdkgen next to openapi-python-client, same files."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.bench.measure import Run, median, run_measured
from generator.bench.tools import Peer

SDKGEN = "sdkgen"
OPC = "openapi-python-client"


@dataclass
class ToolResult:
    """Every run of one tool on one document."""

    tool: str
    document: str
    runs: list[Run] = field(default_factory=list)
    output: Path | None = None  # the project of the last successful run

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def seconds(self) -> float | None:
        return median([r.seconds for r in self.runs]) if self.ok else None

    @property
    def cpu_seconds(self) -> float | None:
        return median([r.cpu_seconds for r in self.runs]) if self.ok else None

    @property
    def peak_mib(self) -> float | None:
        return max(r.peak_mib for r in self.runs) if self.ok else None

    @property
    def failure(self) -> str | None:
        failed = next((r for r in self.runs if not r.ok), None)
        if failed is None:
            return None
        lines = [line for line in failed.output.splitlines() if line.strip()]
        return (lines[-1] if lines else f"exit {failed.returncode}")[:300]

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "document": self.document,
            "ok": self.ok,
            "seconds": self.seconds,
            "cpu_seconds": self.cpu_seconds,
            "peak_mib": self.peak_mib,
            "runs": [{k: v for k, v in asdict(r).items() if k != "command"} for r in self.runs],
            "failure": self.failure,
            "output": str(self.output) if self.output else None,
        }


def sdkgen_command(document: Path, out: Path, name: str) -> list[str]:
    return [
        *(sys.executable, "-m", "generator", "generate", str(document)),
        *("--out", str(out), "--name", name),
    ]


def opc_command(peer: Peer, document: Path, out: Path, config: Path) -> list[str]:
    return [
        *(str(peer.command), "generate", "--path", str(document), "--output-path", str(out)),
        *("--meta", "setup", "--overwrite", "--config", str(config)),
    ]


def opc_config(work: Path, package: str) -> Path:
    """openapi-python-client's config naming the package (its default is the long title)."""
    path = work / f"{package}.opc.yaml"
    path.write_text(
        f"project_name_override: {package.replace('_', '-')}\npackage_name_override: {package}\n",
        encoding="utf-8",
    )
    return path


def peer_environment(peer: Peer) -> dict[str, str]:
    """The peer as its users run it: its virtualenv's bin first (its ruff post-hooks)."""
    env = dict(os.environ)
    env["PATH"] = f"{peer.bin}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(peer.venv)
    return env


def bench_generation(
    label: str,
    document: Path,
    *,
    peer: Peer,
    work: Path,
    runs: int,
    package: str,
    timeout: float = 600.0,
    echo: Any = print,
) -> tuple[ToolResult, ToolResult]:
    """``runs`` alternating runs of each tool on ``document``, each into a fresh folder."""
    ours = ToolResult(SDKGEN, label)
    theirs = ToolResult(OPC, label)
    config = opc_config(work, package + "_opc")
    for number in range(runs):
        for result in (ours, theirs):
            if result.runs and not result.runs[0].ok:
                continue  # it cannot generate this document; once is enough to say so
            out = work / f"{result.tool}-{label}"
            shutil.rmtree(out, ignore_errors=True)
            if result is ours:
                command = sdkgen_command(document, out, package.replace("_", "-"))
                run = run_measured(command, timeout=timeout)
            else:
                command = opc_command(peer, document, out, config)
                run = run_measured(command, env=peer_environment(peer), timeout=timeout)
            result.runs.append(run)
            if run.ok:
                result.output = out
            state = "ok" if run.ok else "FAILED"
            echo(
                f"  generate {label} with {result.tool} (run {number + 1}/{runs}): {state} "
                f"{run.seconds:.2f} s ({run.cpu_seconds:.2f} s CPU), {run.peak_mib:.0f} MiB"
            )
    return ours, theirs
