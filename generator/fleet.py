"""Generate every configured API and build its wheel: the main job."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import ApiConfig, FleetConfig
from generator.errors import SdkgenError
from generator.pipeline import generate


@dataclass(frozen=True)
class FleetResult:
    api: str
    package: str
    spec: Path
    operations: int
    warnings: int
    wheel: Path | None
    seconds: float
    error: str | None = None


def build_wheel(project: Path, dist: Path) -> Path:
    """Build the wheel of a generated project into ``dist`` (no isolation: hatchling is here)."""
    dist.mkdir(parents=True, exist_ok=True)
    before = set(dist.glob("*.whl"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(project),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise SdkgenError(f"building the wheel of {project} failed:\n{tail}")
    built = sorted(set(dist.glob("*.whl")) - before) or sorted(dist.glob("*.whl"))
    name = project.name
    return next((w for w in built if w.name.startswith(name.replace("-", "_"))), built[-1])


def run_fleet(
    config: FleetConfig, *, wheels: bool = True, echo: Callable[[str], None] = print
) -> list[FleetResult]:
    results: list[FleetResult] = []
    for api in config.apis:
        results.append(_one(config, api, wheels=wheels, echo=echo))
    return results


def _one(
    config: FleetConfig, api: ApiConfig, *, wheels: bool, echo: Callable[[str], None]
) -> FleetResult:
    started = time.perf_counter()
    spec = config.specs_dir / api.name
    try:
        spec = api.spec_path(config.specs_dir)
        out = config.output_dir / api.name
        prepared = generate(spec, out, name=api.package, version=api.version)
        wheel = build_wheel(out, config.dist_dir) if wheels else None
    except SdkgenError as exc:
        echo(f"[{api.name}] FAILED: {exc}")
        return FleetResult(
            api.name, api.package, spec, 0, 0, None, time.perf_counter() - started, str(exc)
        )
    warnings = len(prepared.api.omissions) + len(prepared.problems)
    result = FleetResult(
        api.name,
        api.package,
        spec,
        len(prepared.api.operations),
        warnings,
        wheel,
        time.perf_counter() - started,
    )
    echo(
        f"[{api.name}] {_shown(spec, config.root)} -> {_shown(out, config.root)}: "
        f"{result.operations} operations, {warnings} warning(s)"
        + (f", wheel {wheel.name}" if wheel else "")
    )
    return result


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def summary_table(results: list[FleetResult]) -> str:
    rows = [("api", "package", "operations", "warnings", "wheel", "status")]
    for r in results:
        rows.append(
            (
                r.api,
                r.package,
                str(r.operations),
                str(r.warnings),
                r.wheel.name if r.wheel else "-",
                "ok" if r.error is None else "FAILED",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
