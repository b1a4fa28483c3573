"""Every pair of oasdiff's test documents runs through load, diff and every format.

The 250 pairs (``tests/corpus/diff/cases``, copied from oasdiff's test data) include OpenAPI 3.1
documents with JSON Schema 2020-12 keywords and deliberately odd ones. A document that cannot be
normalized must end in a clean DocumentError (counted), never in another exception.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from generator.corpus.locations import DIFF_CASES
from generator.diff import FORMATS, diff, load_side, render, to_json, to_markdown, to_text
from generator.errors import DocumentError

CASES = DIFF_CASES


def _pair(case: Path) -> tuple[Path, Path]:
    files = {f.stem: f for f in case.iterdir() if f.is_file()}
    return files["base"], files["revision"]


@pytest.fixture(scope="module")
def cases() -> list[Path]:
    if not CASES.is_dir():
        pytest.fail(f"the diff corpus is missing: expected it at {CASES}")
    found = sorted(p for p in CASES.iterdir() if p.is_dir())
    assert len(found) == 250, f"expected 250 cases in {CASES}, found {len(found)}"
    return found


def test_every_corpus_pair_diffs_and_renders(cases: list[Path]) -> None:
    outcomes: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    for case in cases:
        base, revision = _pair(case)
        try:
            report = diff(load_side(str(base), repo=CASES), load_side(str(revision), repo=CASES))
        except DocumentError as exc:
            assert str(exc), case.name
            outcomes["error"] += 1
            continue
        payload = json.loads(to_json(report))
        assert payload["bump"] == report.bump
        assert to_text(report) and to_markdown(report).startswith("## API changes")
        assert all(render(report, fmt) for fmt in FORMATS)
        worst = next(
            (level for level in ("breaking", "warning", "info") if report.has(level)), "none"
        )
        outcomes[worst] += 1
        levels.update(c.level for c in report.changes)
        assert (report.bump == "none") == (not report.changes), case.name
    print(f"\ndiff corpus: {len(cases)} pairs by worst level: {dict(sorted(outcomes.items()))}")
    print(f"diff corpus: changes by level: {dict(sorted(levels.items()))}")
    assert sum(outcomes.values()) == len(cases)
    # Most pairs were written to show a change; a few differ only in what changes nothing on
    # the wire (unused components, an inline schema moved into a component...).
    assert outcomes["none"] <= 30
    assert outcomes["breaking"] >= 100


def test_every_corpus_document_against_itself_reports_nothing(cases: list[Path]) -> None:
    for case in cases:
        for document in _pair(case):
            try:
                side = load_side(str(document), repo=CASES)
            except DocumentError:
                continue
            assert diff(side, side).changes == [], document
