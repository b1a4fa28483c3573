"""``sdkgen diff BASE REVISION``: the command line around the diff library.

Reads the team's policy (:mod:`generator.diff_settings`), loads each side (a file,
``git:REF:PATH``, or a configured ``api/stage`` exported live from API Gateway), applies the
policy to the report, writes it in the chosen format and returns the exit code.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from generator.config import CONFIG_HELP
from generator.diff import (
    FAIL_ON,
    FORMATS,
    Policy,
    Side,
    apply_policy,
    diff,
    load_side,
    render,
)
from generator.diff.model import Level
from generator.diff_settings import load_diff_settings
from generator.errors import UsageError
from generator.perf import fewer_collections

EXIT_OK = 0
EXIT_FAILED = 1
_API_STAGE = re.compile(r"^([A-Za-z0-9_.-]+)/([A-Za-z0-9_$-]+)$")


def register_diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", help="file, git:REF:PATH, or a configured api/stage (pulled live)")
    parser.add_argument("revision", help="file, git:REF:PATH, or a configured api/stage")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output (default: %(default)s)"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help="exit 1 when a change of this level (or worse) is not waived, or a waiver expired",
    )
    parser.add_argument("--config", type=Path, default=Path("pyproject.toml"), help=CONFIG_HELP)
    parser.add_argument(
        "--waivers",
        type=Path,
        help="waivers file (default: the configured one, else sdkgen-waivers.toml if present)",
    )
    parser.add_argument(
        "--today",
        type=parse_day,
        help="judge sunset dates and waiver expiry as of this day, YYYY-MM-DD (default: today)",
    )


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def run_diff_command(args: argparse.Namespace) -> int:
    return run_diff(
        args.base,
        args.revision,
        fmt=args.format,
        fail_on=args.fail_on,
        repo=Path.cwd(),
        out=sys.stdout,
        config_path=args.config,
        waivers_path=args.waivers,
        today=args.today,
    )


def failing_levels(fail_on: str | None) -> tuple[Level, ...]:
    if fail_on == "warning":
        return ("breaking", "warning")
    if fail_on == "never":
        return ()
    return ("breaking",)


def run_diff(
    base: str,
    revision: str,
    *,
    fmt: str,
    fail_on: str | None,
    repo: Path,
    out: TextIO,
    config_path: Path | None = None,
    waivers_path: Path | None = None,
    today: datetime.date | None = None,
    err: TextIO | None = None,
) -> int:
    """Compare two documents and write the report to ``out``.

    ``base`` and ``revision`` are file paths, ``git:REF:PATH`` or a configured ``api/stage``
    (pulled live). Returns 0, or 1 when ``fail_on`` is given and the gate fails: a change of
    that level (``breaking``; ``warning``: a breaking or warning change) is not waived, or a
    waiver expired (one line per reason on ``err``). Raises UsageError for bad options,
    configuration or missing inputs and DocumentError for documents that cannot be read.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"unknown --fail-on level {fail_on!r}; choose one of {', '.join(FAIL_ON)}")
    config = config_path if config_path is not None else repo / "pyproject.toml"
    settings = load_diff_settings(config, waivers_path)
    day = today or datetime.date.today()
    with fewer_collections():  # two big documents in memory: collect less often
        report = diff(
            load_any_side(base, repo=repo, config_path=config),
            load_any_side(revision, repo=repo, config_path=config),
            settings.options(day),
        )
    policy = settings.policy if fail_on is None else _with_fail_on(settings.policy, fail_on)
    outcome = apply_policy(report, policy, day)
    failing = failing_levels(fail_on)
    out.write(render(outcome.report, fmt, failing=failing, document=_document_path(revision)))
    if fail_on is None:
        return EXIT_OK
    failures = outcome.failures()
    for line in failures:
        print(f"sdkgen diff: {line}", file=err or sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def _with_fail_on(policy: Policy, fail_on: str) -> Policy:
    for choice in FAIL_ON:
        if choice == fail_on:
            return replace(policy, fail_on=choice)
    raise UsageError(f"unknown --fail-on level {fail_on!r}")


def _document_path(ref: str) -> str | None:
    """The file a GitHub annotation points to (the path of ``git:REF:PATH``)."""
    if ref.startswith("git:"):
        return ref.split(":", 2)[-1] or None
    return ref if Path(ref).suffix else None


# -- live sides -------------------------------------------------------------------------------


def is_live_ref(ref: str, config_path: Path) -> bool:
    """``api/stage`` naming a configured API, and not an existing file."""
    if ref.startswith("git:") or Path(ref).exists() or not _API_STAGE.match(ref):
        return False
    if not config_path.is_file():
        return False
    from generator.config import load_config

    name = ref.split("/", 1)[0]
    return any(api.name == name for api in load_config(config_path).apis)


def pull_side(ref: str, config_path: Path) -> Side:
    """Export the stage ``api/stage`` of the configured fleet now, without writing files."""
    from generator.config import load_config
    from generator.diff import side_from_document
    from generator.sources.fetch import Fetcher
    from generator.sources.targets import fleet_targets
    from generator.spec.load import parse_document

    match = _API_STAGE.match(ref)
    assert match is not None
    api, stage = match.groups()
    config = load_config(config_path)
    (target,) = fleet_targets(config, apis=[api], stages=[stage])
    snapshot = Fetcher().fetch(target).snapshot
    return side_from_document(parse_document(snapshot, ref).data, ref, in_place=True)


def load_any_side(ref: str, *, repo: Path, config_path: Path) -> Side:
    """A file, ``git:REF:PATH`` or a configured ``api/stage`` (pulled live)."""
    if is_live_ref(ref, config_path):
        return pull_side(ref, config_path)
    return load_side(ref, repo=repo)


# -- release-check ----------------------------------------------------------------------------


def register_release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", help="git ref of the last release (default: newest tag)")
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="output (default: %(default)s)",
    )
    parser.add_argument(
        "--summary-file", type=Path, help="also append the report as Markdown to this file"
    )
    parser.add_argument("--config", type=Path, default=Path("pyproject.toml"), help=CONFIG_HELP)
    parser.add_argument("--api", action="append", metavar="NAME", help="only this API (repeatable)")
    parser.add_argument(
        "--waivers",
        type=Path,
        help="waivers file (default: the configured one, else sdkgen-waivers.toml if present)",
    )
    parser.add_argument(
        "--today",
        type=parse_day,
        help="judge sunset dates and waiver expiry as of this day, YYYY-MM-DD (default: today)",
    )


def run_release_command(args: argparse.Namespace) -> int:
    from generator.config import load_config, only_apis
    from generator.release import run_release_check

    lines: list[str] = []

    def echo(line: str) -> None:
        print(line)
        lines.append(line)

    config = load_config(args.config)
    if args.api:
        config = only_apis(config, args.api)
    settings = load_diff_settings(args.config, args.waivers)
    code = run_release_check(
        config,
        ref=args.base,
        fmt=args.format,
        echo=echo,
        settings=settings,
        today=args.today or datetime.date.today(),
    )
    if args.summary_file is not None:
        with args.summary_file.open("a", encoding="utf-8") as summary:
            summary.write("\n".join(lines) + "\n")
    return code
