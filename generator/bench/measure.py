"""Run a child process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    command: list[str]
    seconds: float
    cpu_seconds: float  # user + system time of the child and the children it waited for
    peak_mib: float  # ru_maxrss of the child (the largest process of its tree, Linux)
    returncode: int
    output: str  # stdout + stderr, its last lines

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 900.0,
    keep_lines: int = 20,
) -> Run:
    """Run ``command``; wall time from start to exit, peak RSS from ``wait4``'s rusage."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        assert process.stdout is not None
        output = process.stdout.read()
    finally:
        timer.cancel()
        if process.stdout is not None:
            process.stdout.close()
    # reap the child here (not through Popen.wait) to get its own rusage
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if not timer.is_alive() and process.returncode < 0 and seconds >= timeout:
        output += f"\n(killed after {timeout:.0f} s)"
    lines = output.strip().splitlines()
    return Run(
        list(command),
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024.0,
        process.returncode,
        "\n".join(lines[-keep_lines:]),
    )


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def ratio(ours: float | None, theirs: float | None) -> float | None:
    if ours is None or theirs is None or theirs <= 0:
        return None
    return ours / theirs
