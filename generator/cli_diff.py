"""``sdkgen diff BASE REVISION``: the function the CLI calls."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from generator.diff.engine import diff
from generator.diff.live import load_any_side
from generator.diff.report import FORMATS, render
from generator.errors import UsageError
from generator.perf import fewer_collections

FAIL_ON = ("breaking", "warning")
EXIT_OK = 0
EXIT_FAILED = 1


def run_diff(
    base: str,
    revision: str,
    *,
    fmt: str,
    fail_on: str | None,
    repo: Path,
    out: TextIO,
    config_path: Path | None = None,
) -> int:
    """Compare two documents and write the report to ``out``.

    ``base`` and ``revision`` are file paths, ``git:REF:PATH`` or a configured ``api/stage``
    (pulled live). Returns 0, or 1 when
    ``fail_on`` is ``breaking`` and a breaking change was found, or ``warning`` and a breaking
    or warning change was found. Raises UsageError for bad options or missing inputs and
    DocumentError for documents that cannot be read or normalized.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"unknown --fail-on level {fail_on!r}; choose breaking or warning")
    config = config_path if config_path is not None else repo / "pyproject.toml"
    with fewer_collections():  # two big documents in memory: collect less often
        report = diff(
            load_any_side(base, repo=repo, config_path=config),
            load_any_side(revision, repo=repo, config_path=config),
        )
    out.write(render(report, fmt))
    if fail_on == "breaking" and report.has("breaking"):
        return EXIT_FAILED
    if fail_on == "warning" and (report.has("breaking") or report.has("warning")):
        return EXIT_FAILED
    return EXIT_OK
