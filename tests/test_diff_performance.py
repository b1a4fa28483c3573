"""Performance sanity: cost grows with the schemas, not with operations times schemas."""

from __future__ import annotations

import time

from tests.diff_cases.builders import Doc, api, compare, find, json_body, op

WIDTH = 40  # each schema references the next WIDTH schemas: paths to a leaf multiply
SCHEMAS = 400
OPERATIONS = 400


def _doc(leaf_type: str) -> Doc:
    schemas: Doc = {}
    for i in range(SCHEMAS):
        props: Doc = {"name": {"type": "string"}}
        for j in range(i + 1, min(i + 1 + WIDTH, SCHEMAS)):
            props[f"s{j}"] = {"$ref": f"#/components/schemas/S{j}"}
        if i == SCHEMAS - 1:
            props["leaf"] = {"type": leaf_type}
        props["self"] = {"$ref": f"#/components/schemas/S{i}"}
        schemas[f"S{i}"] = {"type": "object", "properties": props}
    paths = {
        f"/r{k}": {
            "post": op(
                operationId=f"op{k}",
                requestBody=json_body({"$ref": f"#/components/schemas/S{k % 10}"}),
                responses={
                    "200": {"description": "OK", **json_body({"$ref": "#/components/schemas/S0"})}
                },
            )
        }
        for k in range(OPERATIONS)
    }
    return api(paths, schemas=schemas)


def test_a_deep_shared_schema_graph_diffs_quickly_and_reports_once_per_place() -> None:
    base, revision = _doc("string"), _doc("integer")
    started = time.perf_counter()
    report = compare(base, revision)
    elapsed = time.perf_counter() - started
    responses = find(report, "response-body-type-changed")
    requests = find(report, "request-body-type-changed")
    assert len(responses) == OPERATIONS  # once per operation, not once per path to the leaf
    assert len(requests) == OPERATIONS
    assert len({c.text for c in responses}) == 1
    assert elapsed < 10, f"diff took {elapsed:.1f} s"


def test_an_unchanged_large_document_is_cheap() -> None:
    doc = _doc("string")
    started = time.perf_counter()
    report = compare(doc, doc)
    elapsed = time.perf_counter() - started
    assert report.changes == []
    assert elapsed < 10, f"diff took {elapsed:.1f} s"
