"""Generate every configured API and build its wheel: the main job."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.config import ApiConfig, FleetConfig
from generator.errors import SdkgenError
from generator.pipeline import CacheRecord, Generated, cached, generate, remember

JOBS_ENV_VAR = "SDKGEN_JOBS"


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
    version: str = ""
    status: str = ""  # new, updated, unchanged; with check: up to date, out of date
    bump: str | None = None


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


def default_jobs() -> int:
    """``$SDKGEN_JOBS``, else the number of CPU cores this process may use."""
    configured = os.environ.get(JOBS_ENV_VAR, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_fleet(
    config: FleetConfig,
    *,
    wheels: bool = True,
    check: bool = False,
    echo: Callable[[str], None] = print,
    jobs: int | None = None,
) -> list[FleetResult]:
    """Generate (or with ``check`` only compare) every configured API; build changed wheels.

    An API whose document, options and generator are those of the last generation into its
    unchanged output folder is skipped without rendering (the content-hash cache of
    :func:`generator.pipeline.cached`). The others are generated in parallel, ``jobs`` at a
    time (default: one per core); lines are echoed in configuration order.
    """
    wheels = wheels and not check
    results: dict[int, FleetResult] = {}
    pending: list[int] = []
    for index, api in enumerate(config.apis):
        hit = _cache_hit(config, api, wheels=wheels, check=check, echo=echo)
        if hit is None:
            pending.append(index)
        else:
            results[index] = hit
    workers = min(len(pending), jobs or default_jobs())
    if workers <= 1:
        for index in pending:
            results[index] = _one(config, config.apis[index], wheels=wheels, check=check, echo=echo)
    else:
        with _pool(workers) as pool:
            futures = {
                index: pool.submit(_one_collecting, config, config.apis[index], wheels, check)
                for index in pending
            }
            for index in pending:
                result, lines = futures[index].result()
                for line in lines:
                    echo(line)
                results[index] = result
    return [results[index] for index in range(len(config.apis))]


def _pool(workers: int) -> Executor:
    # fork: workers start at once with everything imported (and any test double in place)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _one_collecting(
    config: FleetConfig, api: ApiConfig, wheels: bool, check: bool
) -> tuple[FleetResult, list[str]]:
    lines: list[str] = []
    return _one(config, api, wheels=wheels, check=check, echo=lines.append), lines


def _cache_hit(
    config: FleetConfig,
    api: ApiConfig,
    *,
    wheels: bool,
    check: bool,
    echo: Callable[[str], None],
) -> FleetResult | None:
    """The result of an API the cache says is up to date (its wheel built if missing)."""
    started = time.perf_counter()
    out = config.output_dir / api.name
    try:
        spec = api.spec_path(config.specs_dir)
    except SdkgenError:
        return None
    record: CacheRecord | None = cached(spec, out, name=api.package, version=api.version)
    if record is None:
        return None
    wheel = None
    if wheels:
        existing = _wheel_path(config.dist_dir, api.package, record.version)
        try:
            wheel = existing if existing.is_file() else build_wheel(out, config.dist_dir)
        except SdkgenError:
            return None  # the full path reports it
    status = "up to date" if check else "unchanged"
    echo(
        f"[{api.name}] {_shown(spec, config.root)} -> {_shown(out, config.root)}: "
        f"{status}, version {record.version}, {record.operations} operations, "
        f"{record.warnings} warning(s)" + (f", wheel {wheel.name}" if wheel else "") + " (cached)"
    )
    return FleetResult(
        api.name,
        api.package,
        spec,
        record.operations,
        record.warnings,
        wheel,
        time.perf_counter() - started,
        version=record.version,
        status=status,
    )


def _status(generated: Generated, check: bool) -> str:
    if check:
        return "out of date" if generated.changed_files else "up to date"
    if not generated.changed_files:
        return "unchanged"
    return "new" if generated.previous_version is None else "updated"


def _one(
    config: FleetConfig,
    api: ApiConfig,
    *,
    wheels: bool,
    check: bool,
    echo: Callable[[str], None],
) -> FleetResult:
    started = time.perf_counter()
    spec = config.specs_dir / api.name
    out = config.output_dir / api.name
    try:
        spec = api.spec_path(config.specs_dir)
        generated = generate(spec, out, name=api.package, version=None, check=check)
        if generated.previous_version is None and api.version and not check:
            # the configured version is the first release's version
            generated = generate(spec, out, name=api.package, version=api.version)
        if not (check and generated.changed_files):  # out is what this document gives
            remember(spec, out, generated, name=api.package, version=api.version)
        wheel = None
        if wheels:
            existing = _wheel_path(config.dist_dir, api.package, generated.version)
            fresh = existing.is_file() and not generated.changed_files
            wheel = existing if fresh else build_wheel(out, config.dist_dir)
    except SdkgenError as exc:
        echo(f"[{api.name}] FAILED: {exc}")
        return FleetResult(
            api.name, api.package, spec, 0, 0, None, time.perf_counter() - started, str(exc)
        )
    warnings = len(generated.api.omissions) + len(generated.problems)
    status = _status(generated, check)
    bump = generated.report.bump if generated.report is not None else None
    result = FleetResult(
        api.name,
        api.package,
        spec,
        len(generated.api.operations),
        warnings,
        wheel,
        time.perf_counter() - started,
        version=generated.version,
        status=status,
        bump=bump,
    )
    change = (
        f" ({generated.previous_version} -> {generated.version}, {bump})"
        if (status == "updated" and generated.previous_version != generated.version)
        else ""
    )
    echo(
        f"[{api.name}] {_shown(spec, config.root)} -> {_shown(out, config.root)}: "
        f"{status}, version {generated.version}{change}, {result.operations} operations, "
        f"{warnings} warning(s)" + (f", wheel {wheel.name}" if wheel else "")
    )
    if check and generated.changed_files:
        for name in generated.changed_files:
            echo(f"    would change {name}")
    return result


def _wheel_path(dist: Path, package: str, version: str) -> Path:
    return dist / f"{package.replace('-', '_')}-{version}-py3-none-any.whl"


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def summary_table(results: list[FleetResult]) -> str:
    rows = [("api", "package", "version", "operations", "warnings", "wheel", "status")]
    for r in results:
        rows.append(
            (
                r.api,
                r.package,
                r.version or "-",
                str(r.operations),
                str(r.warnings),
                r.wheel.name if r.wheel else "-",
                r.status if r.error is None else "FAILED",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
