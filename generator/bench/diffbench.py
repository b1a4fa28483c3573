"""The diff of two GitHub spec versions, as the command runs it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from generator.bench.measure import median, run_measured


def bench_diff(old: Path, new: Path, *, runs: int, echo: Any = print) -> dict[str, Any]:
    command = [sys.executable, "-m", "generator", "diff", str(old), str(new), "--format", "json"]
    measured = [run_measured(command, keep_lines=2) for _ in range(runs)]
    ok = all(r.returncode in (0, 1) for r in measured)  # 1: --fail-on would fail; not used
    result = {
        "base": old.name,
        "revision": new.name,
        "ok": ok,
        "seconds": median([r.seconds for r in measured]),
        "samples": [r.seconds for r in measured],
        "peak_mib": max(r.peak_mib for r in measured),
    }
    echo(
        f"  diff {old.name} -> {new.name}: {result['seconds']:.2f} s, {result['peak_mib']:.0f} MiB"
    )
    return result
