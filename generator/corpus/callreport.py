"""The calls stage's numbers and causes: aggregated from every document's classified calls.

A call is *measurable* when Prism could judge the request: not a harness failure, not a mock
limitation that stopped the request (greedy routes, ANY, XML bodies, refused documents), not
a Prism crash. *Typed* is counted over accepted calls whose response conforms to the
document (a response of Prism's that breaks the document counts against the mock).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from generator.corpus.outcome import DocumentResult

PASSES = ("static", "dynamic")


def _rate(part: int, whole: int, *, empty: float = 100.0) -> float:
    """``part`` in % of ``whole``; ``empty`` when there is nothing to count (a success rate
    of nothing is met, a failure rate of nothing is 0)."""
    return round(100.0 * part / whole, 2) if whole else empty


def document_calls(result: DocumentResult) -> list[dict[str, Any]]:
    """The document's calls; a document Prism refused counts each operation, in each pass, as
    a call stopped by the mock, one whose calls could not be run as calls the harness missed."""
    if result.calls_status in ("refused", "crash"):
        refused = result.calls_status == "refused"
        return [
            {
                "operation": "(every operation)",
                "pass": p,
                "mode": "sync",
                "kind": "mock" if refused else "harness",
                "cause": "document-refused" if refused else "calls-not-run",
                "accepted": False,
                "typed": None,
                "detail": result.calls_message or "",
                "count": result.operations_generated,
            }
            for p in PASSES
        ]
    return result.calls


def _count(call: dict[str, Any]) -> int:
    return int(call.get("count", 1))


def call_numbers(calls: Iterable[dict[str, Any]]) -> dict[str, Any]:
    total = measurable = accepted = typed_of = typed = another = harness = mock = prism = 0
    for call in calls:
        n = _count(call)
        total += n
        kind = call["kind"]
        if kind == "harness":
            harness += n
        elif kind == "prism":
            prism += n
        elif kind == "mock" and not call["accepted"]:
            mock += n
        else:
            measurable += n
            accepted += n * bool(call["accepted"])
        if call.get("typed") is not None:
            typed_of += n
            typed += n * bool(call["typed"])
        another += n * (call["cause"] == "reached-another-operation")
    return {
        "calls": total,
        "measurable": measurable,
        "accepted": accepted,
        "accepted_rate": _rate(accepted, measurable),
        "conforming_responses": typed_of,
        "typed": typed,
        "typed_rate": _rate(typed, typed_of),
        "reached_another_operation": another,
        "harness": harness,
        "harness_rate": _rate(harness, total, empty=0.0),
        "mock_limited": mock,
        "prism_errors": prism,
    }


def _corpus(results: Sequence[DocumentResult]) -> dict[str, Any]:
    called = [r for r in results if r.calls_status is not None]
    calls = [c for r in called for c in document_calls(r)]
    summary: dict[str, Any] = {
        "documents": len(called),
        "refused": sum(r.calls_status == "refused" for r in called),
        "crashed": sum(r.calls_status == "crash" for r in called),
        "served_normalized": sum(r.calls_served == "normalized" for r in called),
        "all": call_numbers(calls),
    }
    for pass_ in PASSES:
        summary[pass_] = call_numbers(c for c in calls if c["pass"] == pass_)
    for mode in ("async", "nulls"):
        summary[mode] = call_numbers(c for c in calls if c.get("mode") == mode)
    return summary


def causes(results: Sequence[DocumentResult]) -> list[dict[str, Any]]:
    """Failures grouped by whom they count against and why, each with one reproduction."""
    grouped: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    corpus_of = {result.id: result.corpus for result in results}
    for result in results:
        for call in document_calls(result):
            if call["kind"] != "ok":
                grouped[(call["kind"], call["cause"])].append((result.id, call))
    entries = []
    for (kind, cause), members in grouped.items():
        document, example = members[0]
        entries.append(
            {
                "kind": kind,
                "cause": cause,
                "calls": sum(_count(c) for _, c in members),
                "documents": len({d for d, _ in members}),
                "by_corpus": {
                    corpus: sum(_count(c) for d, c in members if corpus_of[d] == corpus)
                    for corpus in sorted({corpus_of[d] for d, _ in members})
                },
                "reproduction": {
                    "document": document,
                    **{k: v for k, v in example.items() if k != "count"},
                },
                "more": [
                    {
                        "document": d,
                        "operation": c["operation"],
                        "detail": c.get("detail", "")[:300],
                    }
                    for d, c in members[1:6]
                ],
            }
        )
    order = {"client": 0, "harness": 1, "prism": 2, "mock": 3}
    critical = "reached-another-operation"  # listed first, whatever its count
    return sorted(
        entries,
        key=lambda e: (e["cause"] != critical, order.get(e["kind"], 9), -e["calls"], e["cause"]),
    )


def mistyped_arguments(results: Sequence[DocumentResult]) -> dict[str, Any]:
    """Arguments whose declared Python type rejects a value the document allows (the calls
    pass it anyway: Python does not check annotations; a type checker would refuse it)."""
    found: list[dict[str, Any]] = []
    for result in results:
        seen: set[str] = set()
        for call in result.calls:
            if call.get("mistyped") and call["operation"] not in seen:
                seen.add(call["operation"])
                found.append(
                    {
                        "document": result.id,
                        "operation": call["operation"],
                        "arguments": call["mistyped"],
                    }
                )
    return {
        "operations": len(found),
        "documents": len({f["document"] for f in found}),
        "examples": found[:10],
    }


def summarize_calls(results: Sequence[DocumentResult]) -> dict[str, Any] | None:
    if not any(r.calls_status is not None for r in results):
        return None
    by_corpus: dict[str, list[DocumentResult]] = defaultdict(list)
    for result in results:
        by_corpus[result.corpus].append(result)
    return {
        "total": _corpus(results),
        "corpora": {name: _corpus(members) for name, members in sorted(by_corpus.items())},
        "causes": causes(results),
        "mistyped_arguments": mistyped_arguments(results),
        "documents_not_called": [
            {"id": r.id, "status": r.calls_status, "message": r.calls_message}
            for r in results
            if r.calls_status in ("refused", "crash")
        ],
    }


def _numbers_line(name: str, n: dict[str, Any]) -> str:
    return (
        f"    {name:8} {n['calls']:6,} calls: accepted {n['accepted']:,}/{n['measurable']:,}"
        f" ({n['accepted_rate']}%), typed {n['typed']:,}/{n['conforming_responses']:,}"
        f" ({n['typed_rate']}%), reached another operation {n['reached_another_operation']},"
        f" harness {n['harness']} ({n['harness_rate']}%), mock-limited {n['mock_limited']},"
        f" Prism errors {n['prism_errors']}"
    )


def format_calls(summary: dict[str, Any]) -> list[str]:
    lines = ["calls against Prism:"]
    for name, corpus in [("all", summary["total"]), *summary["corpora"].items()]:
        lines.append(
            f"  {name}: {corpus['documents']} documents ({corpus['refused']} refused by Prism,"
            f" {corpus['crashed']} crashed, {corpus['served_normalized']} served normalized)"
        )
        for key in ("all", *PASSES, "async", "nulls"):
            lines.append(_numbers_line(key, corpus[key]))
    mistyped = summary["mistyped_arguments"]
    if mistyped["operations"]:
        lines.append(
            f"argument types that reject a valid value: {mistyped['operations']} operation(s)"
            f" in {mistyped['documents']} document(s)"
        )
        for entry in mistyped["examples"][:3]:
            first = entry["arguments"][0]
            lines.append(
                f"      e.g. {entry['document']} {entry['operation']}: {first['argument']}:"
                f" {first['annotation']} given {first['value']}"
            )
    if summary["causes"]:
        lines.append("call failures by cause (one reproduction each):")
        for entry in summary["causes"]:
            repro = entry["reproduction"]
            count = f"[{entry['calls']} calls, {entry['documents']} docs]"
            lines.append(f"  {count} {entry['kind']}: {entry['cause']}")
            where = f"{repro['document']} {repro.get('operation', '')}"
            lines.append(f"      e.g. {where}: {repro.get('detail', '')[:200]}")
    return lines
