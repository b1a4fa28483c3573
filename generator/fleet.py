"""Generate every configured API and build its sdist and wheel: the main job."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import ApiConfig, FleetConfig
from generator.errors import SdkgenError
from generator.pipeline import CacheRecord, Generated, cached, generate, remember

if TYPE_CHECKING:  # the diff library is imported only when an API is generated
    from generator.diff_settings import DiffSettings

JOBS_ENV_VAR = "SDKGEN_JOBS"


@dataclass(frozen=True)
class FleetResult:
    api: str
    package: str  # the distribution name (with the configured prefix and major version)
    spec: Path
    operations: int
    warnings: int
    wheel: Path | None
    seconds: float
    error: str | None = None
    version: str = ""
    status: str = ""  # new, updated, unchanged; with check: up to date, out of date
    bump: str | None = None
    sdist: Path | None = None


def dist_paths(dist: Path, dist_name: str, version: str) -> tuple[Path, Path]:
    """Where the sdist and the wheel of ``dist_name`` ``version`` are in ``dist``."""
    stem = f"{dist_name.replace('-', '_')}-{version}"
    return dist / f"{stem}.tar.gz", dist / f"{stem}-py3-none-any.whl"


def build_dists(project: Path, dist: Path, dist_name: str, version: str) -> tuple[Path, Path]:
    """Build the sdist of a generated project, and the wheel from that sdist, into ``dist``.

    The project is built from a copy in a temporary folder, so what it is inside (a git
    checkout with its own ignore rules, say) cannot change what goes into the sdist. No build
    isolation: hatchling is installed beside sdkgen. Both files are reproducible (fixed
    timestamps), so rebuilding the same project gives the same bytes.
    """
    sdist, wheel = dist_paths(dist, dist_name, version)
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sdkgen-build-") as work:
        copy = Path(work) / project.name
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        out = Path(work) / "dist"
        command = [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation"]
        result = subprocess.run(
            [*command, "--outdir", str(out), str(copy)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise SdkgenError(f"building {project} failed:\n{tail}")
        for built, target in ((out / sdist.name, sdist), (out / wheel.name, wheel)):
            if not built.is_file():
                found = ", ".join(sorted(p.name for p in out.iterdir()))
                raise SdkgenError(f"building {project} gave {found}, not {target.name}")
            shutil.move(built, target)
    return sdist, wheel


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
    time (default: one per core); lines are echoed in configuration order. Their versions
    follow the team's diff policy (``[tool.sdkgen.diff]`` of the configuration file and its
    waivers file), as ``release-check`` does.
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
    settings = diff_settings(config) if pending else None
    if workers <= 1:
        for index in pending:
            results[index] = _one(
                config, config.apis[index], wheels=wheels, check=check, echo=echo, settings=settings
            )
    else:
        with _pool(workers) as pool:
            futures = {
                index: pool.submit(
                    _one_collecting, config, config.apis[index], wheels, check, settings
                )
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


def diff_settings(config: FleetConfig) -> DiffSettings:
    """The team's diff policy: the configuration file's ``[tool.sdkgen.diff]`` and waivers
    (none for a configuration that was not read from a file)."""
    from generator.diff_settings import DiffSettings, load_diff_settings

    if config.pyproject is None:
        return DiffSettings()
    return load_diff_settings(config.pyproject)


def _one_collecting(
    config: FleetConfig,
    api: ApiConfig,
    wheels: bool,
    check: bool,
    settings: DiffSettings | None,
) -> tuple[FleetResult, list[str]]:
    lines: list[str] = []
    result = _one(config, api, wheels=wheels, check=check, echo=lines.append, settings=settings)
    return result, lines


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
    record: CacheRecord | None = cached(
        spec,
        out,
        name=api.package,
        version=api.version,
        options=config.naming,
        overrides=api.overrides,
    )
    if record is None:
        return None
    sdist = wheel = None
    if wheels:
        try:
            sdist, wheel = _dists(out, config.dist_dir, record.dist_name, record.version)
        except SdkgenError:
            return None  # the full path reports it
    status = "up to date" if check else "unchanged"
    echo(
        f"[{api.name}] {_shown(spec, config.root)} -> {_shown(out, config.root)}: "
        f"{status}, version {record.version}, {record.operations} operations, "
        f"{record.warnings} warning(s)" + _built(sdist, wheel) + " (cached)"
    )
    return FleetResult(
        api.name,
        record.dist_name,
        spec,
        record.operations,
        record.warnings,
        wheel,
        time.perf_counter() - started,
        version=record.version,
        status=status,
        sdist=sdist,
    )


def _dists(
    out: Path, dist: Path, dist_name: str, version: str, *, rebuild: bool = False
) -> tuple[Path, Path]:
    """The sdist and wheel of this version, built unless both are in ``dist`` already."""
    sdist, wheel = dist_paths(dist, dist_name, version)
    if not rebuild and sdist.is_file() and wheel.is_file():
        return sdist, wheel
    return build_dists(out, dist, dist_name, version)


def _built(sdist: Path | None, wheel: Path | None) -> str:
    if sdist is None or wheel is None:
        return ""
    return f", {sdist.name} and {wheel.name}"


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
    settings: DiffSettings | None = None,
) -> FleetResult:
    started = time.perf_counter()
    spec = config.specs_dir / api.name
    out = config.output_dir / api.name
    try:
        spec = api.spec_path(config.specs_dir)
        options = config.naming
        overrides = api.overrides
        generated = generate(
            spec,
            out,
            name=api.package,
            version=None,
            check=check,
            options=options,
            settings=settings,
            overrides=overrides,
        )
        if generated.previous_version is None and api.version and not check:
            # the configured version is the first release's version
            generated = generate(
                spec,
                out,
                name=api.package,
                version=api.version,
                options=options,
                overrides=overrides,
            )
        if not (check and generated.changed_files):  # out is what this document gives
            remember(
                spec,
                out,
                generated,
                name=api.package,
                version=api.version,
                options=options,
                overrides=overrides,
            )
        sdist = wheel = None
        if wheels:
            sdist, wheel = _dists(
                out,
                config.dist_dir,
                generated.dist_name,
                generated.version,
                rebuild=bool(generated.changed_files),
            )
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
        generated.dist_name,
        spec,
        len(generated.api.operations),
        warnings,
        wheel,
        time.perf_counter() - started,
        version=generated.version,
        status=status,
        bump=bump,
        sdist=sdist,
    )
    change = (
        f" ({generated.previous_version} -> {generated.version}, {bump})"
        if (status == "updated" and generated.previous_version != generated.version)
        else ""
    )
    echo(
        f"[{api.name}] {_shown(spec, config.root)} -> {_shown(out, config.root)}: "
        f"{status}, version {generated.version}{change}, {result.operations} operations, "
        f"{warnings} warning(s)" + _built(sdist, wheel)
    )
    if check and generated.changed_files:
        for name in generated.changed_files:
            echo(f"    would change {name}")
    return result


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
