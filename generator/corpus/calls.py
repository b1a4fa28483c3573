"""The calls stage of the corpus runner: every operation of a generated client called against
Prism, in two passes (the document's examples; ``-d`` random conforming responses).

The runner owns the Prism processes (two per document, started together, always stopped);
the calls themselves run in a child process (:mod:`generator.corpus.callworker`) with a
timeout, so a hang or crash costs one document only.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.corpus.callworker import RESULT_MARKER
from generator.corpus.processes import Finished, run_bounded
from generator.prism import Prism, PrismError, PrismRefused

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


def _start_both(document: Path, seed: str) -> tuple[Prism, Prism]:
    servers = (Prism(document), Prism(document, dynamic=True, seed=seed))
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(server.start) for server in servers]
        errors = [f.exception() for f in futures]
    failed = [e for e in errors if e is not None]
    if failed:
        for server in servers:
            server.stop()
        raise failed[0]
    return servers


def run_calls(
    spec: Path, project: Path, import_name: str, settings: CallSettings, *, timeout: float = 600.0
) -> dict[str, Any]:
    """Serve ``spec`` with Prism and call every operation of the client in ``project``:
    ``{"status": "called"|"refused"|"crash", "served": ..., "calls": [...]}``."""
    directory = Path(tempfile.mkdtemp(prefix="sdkgen-calls-"))
    try:
        worker = [sys.executable, "-m", "generator.corpus.callworker"]
        served = _parse(
            run_bounded([*worker, "serve", str(spec), str(directory)], timeout=timeout),
            "preparing the mock document",
        )
        if "path" not in served:
            return {**served, "served": None, "calls": []}
        kind, refused = served["served"], None
        try:
            try:
                static, dynamic = _start_both(Path(served["path"]), settings.seed)
            except PrismRefused as exc:
                if "fallback" not in served:
                    raise
                kind, refused = "normalized", f"the document as written was refused: {exc}"
                static, dynamic = _start_both(Path(served["fallback"]), settings.seed)
        except PrismRefused as exc:
            return {"status": "refused", "served": kind, "reason": str(exc), "calls": []}
        except PrismError as exc:
            return {"status": "crash", "served": kind, "error": str(exc), "calls": []}
        try:
            command = [
                *worker,
                "call",
                str(spec),
                str(project),
                import_name,
                static.base_url,
                dynamic.base_url,
                str(settings.async_count),
            ]
            result = _parse(run_bounded(command, timeout=settings.timeout), "the calls")
        finally:
            static.stop()
            dynamic.stop()
        return {**result, "served": kind, "reason": refused}
    finally:
        shutil.rmtree(directory, ignore_errors=True)
