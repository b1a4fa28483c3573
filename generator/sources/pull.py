"""``sdkgen pull``: export API Gateway stages into canonical snapshots under ``specs/``.

Two forms:

- fleet: every configured (api, stage) of ``[tool.sdkgen]``, optionally only some
  (``--api``, ``--stage``), to ``specs/<api>/<stage>.json``;
- ad hoc: ``--rest-api ID_OR_NAME`` or ``--http-api ID_OR_NAME`` with ``--stage`` and ``--out``.

Each snapshot gets a provenance record beside it (``<stage>.provenance.json``, see
:mod:`generator.sources.provenance`); a pull that gives the same document changes neither.
Every stage is fetched before anything is written, so a failed pull leaves every file as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.config import (
    DEFAULT_EXTENSIONS,
    EXPORT_TYPES,
    KINDS,
    ExportType,
    FleetConfig,
    Kind,
    Source,
    endpoint_url_problem,
    env_source,
    extensions_problem,
    load_config,
    stage_problem,
)
from generator.errors import SdkgenError, UsageError
from generator.sources.clients import ClientSettings
from generator.sources.fetch import Fetcher
from generator.sources.provenance import provenance_bytes, provenance_record
from generator.sources.snapshot import Status, write_files
from generator.sources.targets import PullTarget, fleet_targets

Echo = Callable[[str], None]


@dataclass(frozen=True)
class PullResult:
    """What one (api, stage) pull did."""

    api: str  # the config key, or the API's name for an ad hoc pull
    kind: Kind
    api_id: str
    stage: str
    deployment_id: str | None
    path: Path
    provenance_path: Path
    status: Status  # of the snapshot: new, updated or unchanged
    provenance_status: Status


def pull_fleet(
    config: FleetConfig,
    *,
    apis: Sequence[str] | None = None,
    stages: Sequence[str] | None = None,
    endpoint_url: str | None = None,
    echo: Echo = print,
    adjust: Callable[[str, bytes], bytes] | None = None,
) -> list[PullResult]:
    """Pull every configured (api, stage), or only those of ``apis`` and ``stages``.

    ``adjust`` (``"api/stage"`` and its canonical snapshot in, canonical snapshot out) lets a
    caller correct a known deviation of the source before anything is written; the emulator
    main job uses it.
    """
    if endpoint_url is not None:
        _check_endpoint_url(endpoint_url)
    targets = fleet_targets(config, apis=apis, stages=stages, endpoint_url=endpoint_url)
    return _pull(targets, echo=echo, root=config.root, adjust=adjust)


def pull_one(
    *,
    kind: Kind,
    api: str,
    stage: str,
    out: Path,
    endpoint_url: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    export_type: ExportType = "oas30",
    extensions: str = DEFAULT_EXTENSIONS,
    source: Source | None = None,
    echo: Echo = print,
) -> PullResult:
    """Pull one stage of the API with id or name ``api`` into ``out`` (ad hoc form).

    ``source`` (recorded in the provenance) defaults to ``SDKGEN_SOURCE``, else to "aws" for
    AWS's own endpoints and "emulator" for any other.
    """
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not api.strip():
        raise UsageError("the API id or name must not be empty")
    problem = stage_problem(stage)
    if problem:
        raise UsageError(f"--stage: {problem}")
    if endpoint_url is not None:
        _check_endpoint_url(endpoint_url)
    if export_type not in EXPORT_TYPES:
        raise UsageError(f"export type must be one of {', '.join(EXPORT_TYPES)}")
    problem = extensions_problem(extensions)
    if problem:
        raise UsageError(f"--extensions: {problem}")
    if out.suffix.lower() in (".yaml", ".yml"):
        raise UsageError(f"{out}: snapshots are JSON; use a .json file name")
    target = PullTarget(
        name=None,
        kind=kind,
        api=api,
        stage=stage,
        out=out,
        settings=ClientSettings(region=region, profile=profile, endpoint_url=endpoint_url),
        source=source if source is not None else env_source(os.environ),
        export_type=export_type,
        extensions=",".join(p.strip() for p in extensions.split(",") if p.strip()),
    )
    return _pull([target], echo=echo, root=None)[0]


def _check_endpoint_url(url: str) -> None:
    problem = endpoint_url_problem(url)
    if problem:
        raise UsageError(f"--endpoint-url {problem}")


def _pull(
    targets: Sequence[PullTarget],
    *,
    echo: Echo,
    root: Path | None,
    adjust: Callable[[str, bytes], bytes] | None = None,
) -> list[PullResult]:
    """Fetch every target, then write every changed file; report a line per target."""
    fetcher = Fetcher()
    fetched = [fetcher.fetch(target) for target in targets]
    contents: dict[Path, bytes] = {}
    for item in fetched:
        snapshot = item.snapshot
        if adjust is not None:
            snapshot = adjust(item.target.label, snapshot)
        contents[item.target.out] = snapshot
        record = provenance_record(item.origin, snapshot)
        contents[item.target.provenance_path] = provenance_bytes(
            item.target.provenance_path, record
        )
    statuses = write_files(contents)
    results = []
    for item in fetched:
        target = item.target
        result = PullResult(
            api=target.name or item.api.name,
            kind=target.kind,
            api_id=item.api.id,
            stage=target.stage,
            deployment_id=item.deployment_id,
            path=target.out,
            provenance_path=target.provenance_path,
            status=statuses[target.out],
            provenance_status=statuses[target.provenance_path],
        )
        echo(progress_line(result, target.label, root))
        results.append(result)
    return results


def progress_line(result: PullResult, label: str, root: Path | None = None) -> str:
    """``[orders/prod] rest api abc123 -> specs/orders/prod.json (unchanged)``."""
    shown = result.path
    if root is not None and shown.is_relative_to(root):
        shown = shown.relative_to(root)
    status: str = result.status
    if status == "unchanged" and result.provenance_status != "unchanged":
        status += ", provenance updated"
    return f"[{label}] {result.kind} api {result.api_id} -> {shown} ({status})"


def summary_line(results: Sequence[PullResult]) -> str:
    counts = {s: sum(r.status == s for r in results) for s in ("new", "updated", "unchanged")}
    return f"pulled {len(results)} stage(s): " + ", ".join(f"{n} {s}" for s, n in counts.items())


# --- command line -------------------------------------------------------------------------


def register_pull_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``sdkgen pull``'s options to ``parser`` (the ``pull`` subcommand)."""
    parser.description = parser.description or (
        "Export API Gateway stages into canonical JSON snapshots: every configured "
        "(api, stage) of [tool.sdkgen], or one API with --rest-api/--http-api."
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("pyproject.toml"),
        help="pyproject.toml with [tool.sdkgen] (default: %(default)s)",
    )
    parser.add_argument("--api", action="append", metavar="NAME", help="only this API (repeatable)")
    parser.add_argument(
        "--stage",
        action="append",
        metavar="STAGE",
        help="only this stage (repeatable); with --rest-api/--http-api, the stage to export",
    )
    one = parser.add_mutually_exclusive_group()
    one.add_argument("--rest-api", metavar="ID_OR_NAME", help="pull one REST API (ad hoc)")
    one.add_argument("--http-api", metavar="ID_OR_NAME", help="pull one HTTP API (ad hoc)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="snapshot file (ad hoc form)")
    parser.add_argument(
        "--endpoint-url", metavar="URL", help="API Gateway endpoint, e.g. the emulator's"
    )
    parser.add_argument("--region", help="AWS region (ad hoc form)")
    parser.add_argument("--profile", help="AWS profile (ad hoc form)")
    parser.add_argument(
        "--export-type", choices=EXPORT_TYPES, help="REST export format (default: oas30)"
    )
    parser.add_argument(
        "--extensions",
        metavar="LIST",
        help=f"REST export extensions, comma-separated (default: {DEFAULT_EXTENSIONS})",
    )


_AD_HOC_ONLY = ("out", "region", "profile", "export_type", "extensions")


def run_pull(args: argparse.Namespace, config_path: Path, *, echo: Echo | None = None) -> int:
    """Run ``sdkgen pull``: 0 on success; errors print one line to stderr (exit 1, usage 2)."""
    say: Echo = echo or (lambda line: print(line, flush=True))
    try:
        rest_api: str | None = getattr(args, "rest_api", None)
        http_api: str | None = getattr(args, "http_api", None)
        if rest_api is not None:
            results = [_run_ad_hoc(args, "rest", rest_api, say)]
        elif http_api is not None:
            results = [_run_ad_hoc(args, "http", http_api, say)]
        else:
            given = [f"--{n.replace('_', '-')}" for n in _AD_HOC_ONLY if getattr(args, n, None)]
            if given:
                raise UsageError(f"{', '.join(given)}: only with --rest-api or --http-api")
            results = pull_fleet(
                load_config(config_path),
                apis=getattr(args, "api", None),
                stages=getattr(args, "stage", None),
                endpoint_url=getattr(args, "endpoint_url", None),
                echo=say,
            )
    except SdkgenError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return exc.exit_code
    say(summary_line(results))
    return 0


def _run_ad_hoc(args: argparse.Namespace, kind: Kind, api: str, echo: Echo) -> PullResult:
    stages = getattr(args, "stage", None) or []
    if len(stages) != 1:
        raise UsageError("--rest-api/--http-api need exactly one --stage")
    if getattr(args, "api", None):
        raise UsageError(
            "--api selects configured APIs; it cannot be combined with --rest-api/--http-api"
        )
    out = getattr(args, "out", None)
    if out is None:
        raise UsageError("--rest-api/--http-api need --out FILE")
    export_type = getattr(args, "export_type", None)
    extensions = getattr(args, "extensions", None)
    if kind == "http" and (export_type or extensions is not None):
        raise UsageError("--export-type and --extensions apply to REST APIs only")
    return pull_one(
        kind=kind,
        api=api,
        stage=stages[0],
        out=Path(out),
        endpoint_url=getattr(args, "endpoint_url", None),
        region=getattr(args, "region", None),
        profile=getattr(args, "profile", None),
        export_type=export_type or "oas30",
        extensions=DEFAULT_EXTENSIONS if extensions is None else extensions,
        echo=echo,
    )
