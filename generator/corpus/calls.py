"""The calls stage of the corpus runner: every operation of a generated client called against
Prism, in two passes (the document's examples; ``-d`` random conforming responses).

The calls run in a child process (:mod:`generator.corpus.callworker`, which runs the two Prism
servers in its own process group) with a timeout: a hang or crash costs one document only, and
the group, Prism included, is killed with it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.corpus.callworker import RESULT_MARKER
from generator.corpus.processes import Finished, run_bounded

DEFAULT_SEED = "20240917"


@dataclass(frozen=True)
class CallSettings:
    async_count: int = 3  # operations of each document also called through AsyncClient
    timeout: float = 900.0  # the calls of one document
    seed: str = DEFAULT_SEED  # of Prism's random responses


def _parse(finished: Finished, what: str) -> dict[str, Any]:
    for line in finished.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            parsed: dict[str, Any] = json.loads(line.removeprefix(RESULT_MARKER))
            return parsed
    if finished.timed_out:
        return {"status": "crash", "error": f"{what} did not finish in {finished.seconds:.0f}s"}
    tail = finished.stderr.strip().splitlines()
    return {
        "status": "crash",
        "error": f"{what}: exit code {finished.returncode}: {tail[-1] if tail else ''}",
    }


def run_calls(
    spec: Path, project: Path, import_name: str, settings: CallSettings
) -> dict[str, Any]:
    """Call every operation of the client in ``project`` against Prism serving ``spec``:
    ``{"status": "called"|"refused"|"crash", "served": ..., "reason": ..., "calls": [...]}``."""
    command = [
        sys.executable,
        "-m",
        "generator.corpus.callworker",
        str(spec),
        str(project),
        import_name,
        settings.seed,
        str(settings.async_count),
    ]
    # Prism's folders go in one the runner removes, even when the worker is killed
    with tempfile.TemporaryDirectory(prefix="sdkgen-calls-") as folder:
        env = {**os.environ, "TMPDIR": folder}
        finished = run_bounded(command, timeout=settings.timeout, env=env)
    return _parse(finished, "the calls")
