"""Aggregate document results into the corpus summary: JSON report and printed text."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.corpus.callreport import format_calls, summarize_calls
from generator.corpus.outcome import DocumentResult

EXAMPLES_PER_CATEGORY = 3


def _rate(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 100.0


def _corpus_summary(results: Sequence[DocumentResult]) -> dict[str, Any]:
    counts = {s: sum(r.status == s for r in results) for s in ("complete", "partial", "rejected")}
    failed = sum(r.status == "failed" for r in results)
    expected = sum(r.operations_expected for r in results)
    in_clients = sum(r.operations_generated for r in results if r.handled)
    typed = sum(r.typed_success for r in results if r.handled)
    untyped = sum(len(r.untyped_returns) for r in results if r.handled)
    degraded = [r for r in results if r.handled and r.untyped_schemas]
    mypy = [r for r in results if r.mypy is not None]
    ruff = [r for r in results if r.ruff is not None]
    return {
        "documents": len(results),
        **counts,
        "failed": failed,
        "complete_rate": _rate(counts["complete"], len(results)),
        "handled_rate": _rate(len(results) - failed, len(results)),
        "tracebacks": sum(r.traceback is not None for r in results),
        "operations_expected": expected,
        "operations_in_clients": in_clients,
        "operation_coverage": _rate(in_clients, expected),
        "operations_with_success_schema": typed,
        "untyped_returns": untyped,
        "untyped_schemas": sum(r.untyped_schemas for r in degraded),
        "documents_with_untyped_schemas": len(degraded),
        "mypy_checked": len(mypy),
        "mypy_clean": sum(bool(r.mypy) for r in mypy),
        "ruff_checked": len(ruff),
        "ruff_clean": sum(bool(r.ruff) for r in ruff),
        "seconds": round(sum(r.seconds for r in results), 1),
    }


def categories(results: Sequence[DocumentResult]) -> list[dict[str, Any]]:
    grouped: dict[str, list[DocumentResult]] = defaultdict(list)
    for result in results:
        if result.category:
            grouped[result.category].append(result)
    return [
        {
            "category": name,
            "count": len(members),
            "examples": [
                {"id": r.id, "message": (r.message or r.mypy_output or r.ruff_output or "")[:400]}
                for r in members[:EXAMPLES_PER_CATEGORY]
            ],
        }
        for name, members in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def omissions(results: Sequence[DocumentResult]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for result in results:
        for code, count in result.omitted_codes.items():
            total[code] += count
    return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))


def summarize(results: Sequence[DocumentResult], meta: dict[str, Any]) -> dict[str, Any]:
    by_corpus: dict[str, list[DocumentResult]] = defaultdict(list)
    for result in results:
        by_corpus[result.corpus].append(result)
    return {
        "meta": meta,
        "total": _corpus_summary(results),
        "corpora": {name: _corpus_summary(members) for name, members in sorted(by_corpus.items())},
        "categories": categories(results),
        "omitted_codes": omissions(results),
        "partial": [
            {"id": r.id, "missing": r.missing_operations[:10]}
            for r in results
            if r.status == "partial"
        ],
        "rejected": [
            {"id": r.id, "message": r.message, "diagnostics": r.diagnostics[:3]}
            for r in results
            if r.status == "rejected"
        ],
        "calls": summarize_calls(results),
    }


def write_report(path: Path, summary: dict[str, Any], results: Sequence[DocumentResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {**summary, "results": [r.to_json() for r in results]}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def _corpus_lines(name: str, s: dict[str, Any]) -> list[str]:
    return [
        f"{name}: {s['documents']} document(s)",
        f"  complete (imports, every operation):  {s['complete']} ({s['complete_rate']}%)",
        f"  partial (omissions listed):            {s['partial']}",
        f"  rejected (located DocumentError):      {s['rejected']}",
        f"  failed:                                {s['failed']} (tracebacks: {s['tracebacks']})",
        f"  operations in clients:                 {s['operations_in_clients']:,}"
        f" / {s['operations_expected']:,} ({s['operation_coverage']}%)",
        f"  untyped returns (Any with a schema):   {s['untyped_returns']:,}"
        f" of {s['operations_with_success_schema']:,} operations with a success schema",
        f"  schemas degraded to untyped (Any):     {s['untyped_schemas']:,}"
        f" in {s['documents_with_untyped_schemas']} document(s)",
        f"  mypy --strict clean:                   {s['mypy_clean']} / {s['mypy_checked']}",
        f"  ruff clean:                            {s['ruff_clean']} / {s['ruff_checked']}",
    ]


def format_summary(summary: dict[str, Any]) -> str:
    meta = summary["meta"]
    lines = [
        f"corpus run: {meta['description']}",
        *_corpus_lines("all", summary["total"]),
    ]
    for name, corpus in summary["corpora"].items():
        lines.extend(_corpus_lines(name, corpus))
    if summary["omitted_codes"]:
        lines.append("omitted parts by code:")
        lines.extend(f"  {code}: {count}" for code, count in summary["omitted_codes"].items())
    for entry in summary["partial"]:
        lines.append(f"partial: {entry['id']}: missing {', '.join(entry['missing'])}")
    for entry in summary["rejected"]:
        lines.append(f"rejected: {entry['id']}: {entry['message']}")
    if summary["categories"]:
        lines.append("failure categories:")
        for category in summary["categories"]:
            lines.append(f"  [{category['count']}] {category['category']}")
            lines.extend(
                f"      e.g. {e['id']}: {e['message'].splitlines()[0] if e['message'] else ''}"[
                    :300
                ]
                for e in category["examples"]
            )
    if summary.get("calls"):
        lines.extend(format_calls(summary["calls"]))
    return "\n".join(lines)
