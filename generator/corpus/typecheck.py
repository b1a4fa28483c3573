"""mypy --strict and ruff over a generated project."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.corpus.processes import run_bounded


def run_mypy(package: Path, cache: Path, *, timeout: float) -> tuple[bool, str]:
    finished = run_bounded(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), str(package)],
        timeout=timeout,
    )
    if finished.timed_out:
        return False, f"mypy timed out after {timeout:.0f}s"
    if finished.returncode == 0:
        return True, ""
    return False, _tail(finished.stdout + finished.stderr)


def run_ruff(project: Path, *, timeout: float) -> tuple[bool, str]:
    settings = ["--no-cache", "--config", str(project / "pyproject.toml")]
    for args in (
        ["check", *settings, str(project)],
        ["format", "--check", *settings, str(project)],
    ):
        finished = run_bounded([ruff_binary(), *args], timeout=timeout)
        if finished.timed_out:
            return False, f"ruff timed out after {timeout:.0f}s"
        if finished.returncode != 0:
            return False, _tail(finished.stdout + finished.stderr)
    return True, ""


def ruff_binary() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
