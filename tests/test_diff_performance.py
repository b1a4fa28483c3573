"""The diff's work grows with the schemas, not with operations times the paths through them:
each schema node is compared once per pair of documents and direction, however many operations
and paths reach it. (How fast it is: ``nox -s bench``, ``generator/bench/diffbench.py``.)"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from generator.bench.diffbench import shared_graph_document
from generator.diff.walk import SchemaDiffer
from tests.diff_cases.builders import compare, find

SCHEMAS = 400
OPERATIONS = 400
# Without memoized pairs, the comparisons would multiply with the paths to each schema
# (40 references each, 400 deep): far beyond this, which stops such a walk early.
LIMIT = 10 * SCHEMAS * 2
# per direction: each component, its "name" property and the last one's "leaf"
NODES = 2 * (2 * SCHEMAS + 1)


class _TooMuchWork(Exception):
    pass


def _count_comparisons(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[int, int, str]]:
    """Every schema comparison the traversal makes, by (base node, revision node, direction)."""
    seen: Counter[tuple[int, int, str]] = Counter()
    compare_schemas = SchemaDiffer._compare_schemas

    def counting(self: SchemaDiffer, b: Any, r: Any, direction: Any, *args: Any) -> None:
        seen[(id(b), id(r), direction)] += 1
        if seen.total() > LIMIT:
            raise _TooMuchWork
        compare_schemas(self, b, r, direction, *args)

    monkeypatch.setattr(SchemaDiffer, "_compare_schemas", counting)
    return seen


def test_a_deep_shared_schema_graph_compares_each_schema_once_and_reports_once_per_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = shared_graph_document("string", schemas=SCHEMAS, operations=OPERATIONS)
    revision = shared_graph_document("integer", schemas=SCHEMAS, operations=OPERATIONS)
    seen = _count_comparisons(monkeypatch)
    report = compare(base, revision)
    assert max(seen.values()) == 1  # no schema node compared twice in one direction
    assert seen.total() == NODES
    responses = find(report, "response-body-type-changed")
    requests = find(report, "request-body-type-changed")
    assert len(responses) == OPERATIONS  # once per operation, not once per path to the leaf
    assert len(requests) == OPERATIONS
    assert len({c.text for c in responses}) == 1


def test_an_unchanged_large_document_compares_each_schema_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = shared_graph_document("string", schemas=SCHEMAS, operations=OPERATIONS)
    seen = _count_comparisons(monkeypatch)
    assert compare(doc, doc).changes == []
    assert max(seen.values()) == 1
    assert seen.total() == NODES
