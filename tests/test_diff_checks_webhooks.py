"""Webhooks and callbacks: requests the API sends (generator/diff/checks/webhooks.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.diff_cases.builders import Doc, compare, one, op, wire_breaking
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids

S: Doc = {"type": "string"}
ORDER: Doc = {"type": "object", "properties": {"id": S, "total": S}, "required": ["id", "total"]}
SMALL: Doc = {"type": "object", "properties": {"id": S}, "required": ["id"]}


def hooks(**found: Any) -> Doc:
    doc = one(op())
    doc["openapi"] = "3.1.0"
    doc["webhooks"] = {name: {"post": operation} for name, operation in found.items()}
    return doc


def event(body: Doc | None, *types: str) -> Doc:
    operation = op(operationId="orderCreated")
    if body is not None:
        operation["requestBody"] = {
            "content": {t: {"schema": body} for t in types or ("application/json",)}
        }
    return operation


def with_callback(expression: str | None, body: Doc | None = ORDER) -> Doc:
    operation = op(operationId="subscribe")
    if expression is not None:
        operation["callbacks"] = {"onOrder": {expression: {"post": event(body)}}}
    return one(operation, method="post")


URL = "{$request.body#/url}"

FIRES: list[Case] = [
    ("webhook-added", hooks(), hooks(orderCreated=event(ORDER))),
    ("webhook-removed", hooks(orderCreated=event(ORDER)), hooks()),
    ("callback-added", with_callback(None), with_callback(URL)),
    ("callback-removed", with_callback(URL), with_callback(None)),
    ("webhook-payload-added", hooks(orderCreated=event(None)), hooks(orderCreated=event(ORDER))),
    ("webhook-payload-removed", with_callback(URL), with_callback(URL, None)),
    (
        "webhook-payload-media-type-added",
        hooks(orderCreated=event(ORDER)),
        hooks(orderCreated=event(ORDER, "application/json", "text/csv")),
    ),
    (
        "webhook-payload-media-type-removed",
        hooks(orderCreated=event(ORDER, "application/json", "text/csv")),
        hooks(orderCreated=event(ORDER)),
    ),
]
QUIET: list[Case] = [
    ("webhook-added", hooks(orderCreated=event(ORDER)), hooks(orderCreated=event(SMALL))),
    ("webhook-removed", hooks(orderCreated=event(ORDER)), hooks(orderCreated=event(ORDER))),
    ("callback-added", with_callback(URL), with_callback(URL, SMALL)),
    ("callback-removed", with_callback(URL), with_callback(URL, SMALL)),
    ("webhook-payload-added", hooks(orderCreated=event(ORDER)), hooks(orderCreated=event(SMALL))),
    (
        "webhook-payload-removed",
        hooks(orderCreated=event(ORDER)),
        hooks(orderCreated=event(ORDER, "application/json; charset=utf-8")),
    ),
    (
        "webhook-payload-media-type-added",
        hooks(orderCreated=event(ORDER)),
        hooks(orderCreated=event(ORDER, "application/json; charset=utf-8")),
    ),
    (
        "webhook-payload-media-type-removed",
        hooks(orderCreated=event(ORDER)),
        hooks(orderCreated=event(SMALL)),
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)


def test_a_payload_is_what_consumers_receive() -> None:
    # the API stops sending a field consumers were promised: a removed response property
    report = compare(hooks(orderCreated=event(ORDER)), hooks(orderCreated=event(SMALL)))
    [removed] = wire_breaking(report)
    assert removed.id == "response-required-property-removed"
    assert removed.operation == "POST webhook orderCreated"
    assert "webhook payload" in removed.text
    # and a new field is something they can ignore
    assert (
        wire_breaking(compare(hooks(orderCreated=event(SMALL)), hooks(orderCreated=event(ORDER))))
        == []
    )


def test_a_callback_payload_is_compared_under_its_operation() -> None:
    report = compare(with_callback(URL), with_callback(URL, SMALL))
    [removed] = wire_breaking(report)
    assert removed.operation == "POST /items"
    assert "callback 'onOrder' POST {$request.body#/url}" in removed.text
