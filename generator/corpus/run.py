"""Run documents through generate -> import -> compare (-> ruff, mypy), two at a time.

Each step is a child process with a timeout, so the pool threads only wait: the work is
spread over the machine's cores by the operating system.
"""

from __future__ import annotations

import hashlib
import json
import queue
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.corpus.calls import CallSettings, run_calls
from generator.corpus.documents import CorpusDocument
from generator.corpus.importcheck import check_import
from generator.corpus.outcome import DocumentResult
from generator.corpus.processes import run_bounded
from generator.corpus.typecheck import run_mypy, run_ruff
from generator.corpus.worker import RESULT_MARKER
from generator.spec.diagnostics import pointer
from generator.spec.keys import ANY_METHOD_KEY


@dataclass(frozen=True)
class Settings:
    work: Path  # clients are generated under work/clients, mypy caches under work/mypy
    timeout: float = 1200.0  # generation of one document (Microsoft Graph beta, 47 MB: 14 min)
    check_timeout: float = 600.0  # import, ruff, mypy of one client
    memory_mb: int = 6144
    keep: bool = False  # keep generated clients (default: only failed ones are kept)
    calls: CallSettings | None = None  # the calls stage: every operation called against Prism


def _slug(doc: CorpusDocument) -> str:
    digest = hashlib.sha256(doc.id.encode()).hexdigest()[:10]
    stem = "".join(c if c.isalnum() else "-" for c in doc.id.split("/", 1)[-1])[:60]
    return f"{stem}-{digest}"


def _generate(doc: CorpusDocument, out: Path, settings: Settings) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "generator.corpus.worker",
        str(doc.path),
        str(out),
        "",
        str(settings.memory_mb),
    ]
    finished = run_bounded(command, timeout=settings.timeout)
    for line in finished.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            parsed: dict[str, Any] = json.loads(line.removeprefix(RESULT_MARKER))
            return parsed
    if finished.timed_out:
        return {
            "status": "crash",
            "error_type": "Timeout",
            "message": f"generation did not finish within {settings.timeout:.0f}s",
            "seconds": finished.seconds,
        }
    tail = finished.stderr.strip().splitlines()
    return {
        "status": "crash",
        "error_type": "WorkerDied",
        "message": f"exit code {finished.returncode}: {tail[-1] if tail else 'no output'}",
        "traceback": "\n".join(tail[-40:]),
        "seconds": finished.seconds,
    }


def _covered(method: str, path: str, omission_pointers: Iterable[str]) -> bool:
    key = ANY_METHOD_KEY if method == "ANY" else method.lower()
    whole_path = pointer("paths", path)
    operation = pointer("paths", path, key)
    return any(
        p in (whole_path, operation) or p.startswith(operation + "/") for p in omission_pointers
    )


def _compare(result: DocumentResult, generated: dict[str, Any], manifest: dict[str, Any]) -> None:
    # CORS preflights (OPTIONS answering browsers only) are left out of clients on purpose
    preflights = {o["pointer"] for o in manifest["omitted"] if o["code"] == "cors-preflight"}
    expected = {
        (m, p)
        for m, p in generated.get("expected", [])
        if pointer("paths", p, m.lower()) not in preflights
    }
    found = {(op["method"], op["path"]) for op in manifest["operations"]}
    pointers = [o["pointer"] for o in manifest["omitted"]]
    result.operations_expected = len(expected)
    result.operations_generated = len(found & expected)
    result.omitted = len(manifest["omitted"])
    result.omitted_codes = dict(Counter(o["code"] for o in manifest["omitted"]))
    result.untyped_schemas = sum(bool(o.get("untyped")) for o in manifest["omitted"])
    missing = sorted(expected - found)
    result.missing_operations = [f"{m} {p}" for m, p in missing]
    result.unlisted_missing = [f"{m} {p}" for m, p in missing if not _covered(m, p, pointers)]
    unexpected = sorted(found - expected)
    if result.unlisted_missing or unexpected:
        result.stage = "compare"
        result.error_type = "OperationMismatch"
        result.message = (
            f"{len(result.unlisted_missing)} operation(s) missing without an omission "
            f"(e.g. {(result.unlisted_missing or ['-'])[0]}), "
            f"{len(unexpected)} not in the document"
        )
        return
    result.status = "partial" if missing else "complete"


def check_document(
    doc: CorpusDocument, settings: Settings, *, typecheck: bool, slot: int
) -> DocumentResult:
    result = DocumentResult(id=doc.id, corpus=doc.corpus)
    out = settings.work / "clients" / _slug(doc)
    shutil.rmtree(out, ignore_errors=True)
    generated = _generate(doc, out, settings)
    result.seconds = float(generated.get("seconds", 0.0))
    result.typed_success = int(generated.get("typed_success", 0))
    result.operations_expected = len(generated.get("expected", []))
    status = generated["status"]
    if status != "generated":
        result.error_type = generated.get("error_type")
        result.message = generated.get("message")
        result.traceback = generated.get("traceback")
        result.diagnostics = list(generated.get("diagnostics", []))
        if status == "rejected" and result.diagnostics:
            result.status = "rejected"
        elif status == "rejected":
            result.message = f"rejected without located diagnostics: {result.message}"
        return result
    import_name = str(generated["import_name"])
    manifest = json.loads((out / import_name / "manifest.json").read_text(encoding="utf-8"))
    result.models = int(generated.get("models", 0))
    result.untyped_returns = list(generated.get("untyped_returns", []))
    result.stage = "import"
    ok, problem = check_import(out, import_name, timeout=settings.check_timeout)
    if not ok:
        result.error_type = "ImportFailed"
        result.message = problem
        return result
    _compare(result, generated, manifest)
    if settings.calls is not None and result.handled:
        called = run_calls(doc.path, out, import_name, settings.calls)
        result.calls_status = str(called.get("status"))
        result.calls_served = called.get("served")
        result.calls_message = called.get("reason") or called.get("error")
        result.calls = list(called.get("calls", []))
    result.ruff, result.ruff_output = _or_none(run_ruff(out, timeout=settings.check_timeout))
    if typecheck:
        cache = settings.work / "mypy" / f"slot{slot}"
        checked = run_mypy(out / import_name, cache, timeout=settings.check_timeout)
        result.mypy, result.mypy_output = _or_none(checked)
    if not settings.keep and result.handled and result.mypy is not False and result.ruff:
        shutil.rmtree(out, ignore_errors=True)
    return result


def _or_none(outcome: tuple[bool, str]) -> tuple[bool, str | None]:
    return outcome[0], outcome[1] or None


def run_corpus(
    documents: list[CorpusDocument],
    settings: Settings,
    *,
    typecheck: set[str],
    jobs: int = 2,
    progress: Callable[[int, int, DocumentResult], None] | None = None,
) -> list[DocumentResult]:
    """Check every document; results in the order of ``documents``."""
    settings.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, DocumentResult] = {}
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(jobs):
        slots.put(slot)

    def task(doc: CorpusDocument) -> DocumentResult:
        slot = slots.get()  # one mypy cache per concurrent task
        try:
            return check_document(doc, settings, typecheck=doc.id in typecheck, slot=slot)
        finally:
            slots.put(slot)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(task, doc): doc for doc in documents}
        for done, future in enumerate(as_completed(futures), start=1):
            doc = futures[future]
            try:
                result = future.result()
            except Exception as exc:
                result = DocumentResult(
                    id=doc.id,
                    corpus=doc.corpus,
                    stage="runner",
                    error_type=type(exc).__name__,
                    message=str(exc),
                )
            results[doc.id] = result
            if progress is not None:
                progress(done, len(documents), result)
    return [results[doc.id] for doc in documents]
