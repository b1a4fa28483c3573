"""``python -m generator.corpus``: the corpus run, its report and its summary."""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.cache import cache_dir
from generator.corpus.calls import CallSettings
from generator.corpus.documents import (
    CorpusDocument,
    apigateway_documents,
    directory_documents,
    directory_package,
    indexed_apigateway_documents,
    sample,
)
from generator.corpus.locations import EXTRA_CORPUS_ENV, IndexedDocument
from generator.corpus.outcome import DocumentResult
from generator.corpus.report import format_summary, summarize, write_report
from generator.corpus.run import Settings, run_corpus
from generator.errors import SdkgenError
from generator.npm import DIRECTORY_PACKAGE, DIRECTORY_VERSION
from generator.prism import PRISM_PACKAGE, PRISM_VERSION, prism_available

DIRECTORY = f"{DIRECTORY_PACKAGE}@{DIRECTORY_VERSION}"

DEFAULT_SAMPLE = 300
DEFAULT_SEED = 20240917
DEFAULT_MYPY_SAMPLE = 25
TARGET_COMPLETE_RATE = 99.0
TARGET_CALL_RATE = 99.5  # % of measurable calls accepted, % of conforming responses typed
TARGET_HARNESS_RATE = 0.5  # % of calls the harness could not make


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator.corpus",
        description=f"Generate clients for a sample of {DIRECTORY} and for "
        "every API Gateway export of the test corpus; import, compare, type-check them.",
    )
    p.add_argument("--sample", type=int, default=DEFAULT_SAMPLE, help="documents to sample")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the sample")
    p.add_argument("--all", action="store_true", help="every document of the directory")
    p.add_argument(
        "--only", action="append", help="only documents (of all) whose id contains this text"
    )
    p.add_argument("--mypy-sample", type=int, default=DEFAULT_MYPY_SAMPLE, help="clients to mypy")
    p.add_argument("--jobs", type=int, default=2, help="documents checked at once")
    p.add_argument("--timeout", type=float, default=1200.0, help="seconds to generate one")
    p.add_argument("--memory-mb", type=int, default=6144, help="memory limit of a generation")
    p.add_argument("--cache-dir", type=Path, default=None, help="default: $SDKGEN_CACHE_DIR")
    p.add_argument(
        "--work",
        type=Path,
        default=None,
        help="folder for generated clients (default: <cache>/corpus-work; give runs that may"
        " overlap their own)",
    )
    p.add_argument(
        "--apigateway",
        type=Path,
        default=None,
        help="a folder of exports instead of the indexed test corpus (tests/corpus/apigateway "
        f"and ${EXTRA_CORPUS_ENV})",
    )
    p.add_argument("--no-directory", action="store_true", help="only the API Gateway corpus")
    p.add_argument("--report", type=Path, default=None, help="JSON report path")
    p.add_argument("--keep", action="store_true", help="keep every generated client")
    p.add_argument(
        "--calls",
        action="store_true",
        help="also call every operation against Prism (static and dynamic responses)",
    )
    p.add_argument(
        "--async-calls", type=int, default=3, help="operations per document also called async"
    )
    return p


def _select(args: argparse.Namespace, cache: Path) -> tuple[list[CorpusDocument], str]:
    absent: list[IndexedDocument] = []
    if args.apigateway is not None:
        documents = apigateway_documents(args.apigateway)
    else:
        documents, absent = indexed_apigateway_documents()
    description = f"{len(documents)} API Gateway exports"
    if absent:
        description += (
            f" ({len(absent)} of the index not vendored and left out: "
            f"set {EXTRA_CORPUS_ENV} to include them)"
        )
    if not args.no_directory:
        directory = directory_documents(directory_package(cache))
        whole = args.all or bool(args.only)  # --only picks from every document
        chosen = directory if whole else sample(directory, args.sample, args.seed)
        what = "all" if whole else f"sample of {len(chosen)}, seed {args.seed}"
        description = f"{DIRECTORY} ({what} of {len(directory)} documents) + {description}"
        documents = chosen + documents
    if args.only:
        documents = [d for d in documents if any(o in d.id for o in args.only)]
        description += f", filtered to {len(documents)}"
    return documents, description


def _progress(done: int, total: int, result: DocumentResult) -> None:
    extra = f" {result.category}" if result.category else ""
    untyped = f" untyped={len(result.untyped_returns)}" if result.untyped_returns else ""
    print(
        f"[{done}/{total}] {result.status:8} {result.seconds:6.1f}s {result.id}{untyped}{extra}",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    cache = (args.cache_dir or cache_dir()).expanduser().resolve()
    try:
        documents, description = _select(args, cache)
    except SdkgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.calls and (problem := prism_available(cache=cache)) is not None:
        print(f"error: the calls stage needs Prism: {problem}", file=sys.stderr)
        return 2
    typecheck = {
        d.id
        for d in random.Random(args.seed).sample(documents, min(args.mypy_sample, len(documents)))
    }
    settings = Settings(
        work=(args.work or cache / "corpus-work").expanduser().resolve(),
        timeout=args.timeout,
        memory_mb=args.memory_mb,
        keep=args.keep,
        calls=CallSettings(async_count=args.async_calls) if args.calls else None,
    )
    results = run_corpus(
        documents, settings, typecheck=typecheck, jobs=args.jobs, progress=_progress
    )
    meta = {
        "description": description,
        "seed": args.seed,
        "sample": None if args.all else args.sample,
        "mypy_sample": args.mypy_sample,
        "work": str(settings.work),
        "calls": None
        if settings.calls is None
        else {
            "prism": f"{PRISM_PACKAGE}@{PRISM_VERSION}",
            "seed": settings.calls.seed,
            "async_count": settings.calls.async_count,
        },
    }
    summary = summarize(results, meta)
    report = args.report or cache / "corpus-report.json"
    write_report(report, summary, results)
    print()
    print(format_summary(summary))
    print(f"report: {report}")
    total = summary["total"]
    apigateway = summary["corpora"].get("apigateway", {"failed": 0})
    met = (
        total["complete_rate"] >= TARGET_COMPLETE_RATE
        and total["tracebacks"] == 0
        and apigateway["failed"] == 0
    )
    calls = summary.get("calls")
    if calls is not None:
        numbers = calls["total"]["all"]
        met = met and (
            numbers["accepted_rate"] >= TARGET_CALL_RATE
            and numbers["typed_rate"] >= TARGET_CALL_RATE
            and numbers["reached_another_operation"] == 0
            and numbers["harness_rate"] < TARGET_HARNESS_RATE
        )
    return 0 if met else 1
