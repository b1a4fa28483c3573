"""mypy --strict and ruff over a generated project."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.corpus.processes import run_bounded


def run_mypy(package: Path, cache: Path, *, timeout: float) -> tuple[bool, str]:
    """``mypy --strict`` over a generated package and the tests shipped beside it, from the
    project's folder (as its users run it)."""
    targets = [package.name]
    if (package.parent / "tests" / "__init__.py").is_file():
        targets.append("tests")
    finished = run_bounded(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache.resolve()), *targets],
        timeout=timeout,
        cwd=package.parent,
    )
    if finished.timed_out:
        return False, f"mypy timed out after {timeout:.0f}s"
    if finished.returncode == 0:
        return True, ""
    return False, _tail(finished.stdout + finished.stderr)


def run_ruff(project: Path, *, timeout: float) -> tuple[bool, str]:
    # run inside the project, as its users would: ruff finds the project's own configuration
    # and reads its per-file settings relative to the project (with --config from elsewhere, it
    # would read them relative to the working directory)
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        finished = run_bounded([ruff_binary(), *args], timeout=timeout, cwd=project)
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
