"""Deprecated aliases of client methods (generator/diff/surface.py): a client's former names
kept across a naming-scheme change are reported as the new name added and the former one
deprecated, not removed; an alias that goes away is breaking.

Each side is built with the names of the client's manifest, as `sdkgen generate` does: the
previous version exactly as it was, the new one pinned by it (`generator.versioning`)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.builder.names import SurfaceInput
from generator.builder.pins import pins_from_manifest
from generator.diff import DiffOptions, DiffReport, diff
from generator.diff.catalog import RULES
from generator.diff.sources import side_from_document
from tests.diff_cases.builders import TODAY, Doc, api, op

Manifest = dict[str, Any]
AliasCase = tuple[str, Doc, Doc, Manifest]

ORDERS = api({"/orders": {"get": op()}, "/orders/{orderId}": {"get": op()}})
NAMED = api({"/orders": {"get": op(operationId="listAll")}, "/orders/{orderId}": {"get": op()}})


def _manifest(scheme: int | None, names: dict[str, tuple[str, str]], **aliases: Any) -> Manifest:
    """A client's manifest naming ``GET /orders`` and ``GET /orders/{orderId}``."""
    operations = []
    for key, (resource, name) in names.items():
        method, path = key.split(" ")
        entry: dict[str, Any] = {
            "method": method,
            "path": path,
            "resource": resource,
            "python_name": name,
        }
        if scheme is not None:  # scheme 1 recorded neither the operationId given nor aliases
            entry["given_operation_id"] = None
            entry["aliases"] = aliases.get(name, [])
        operations.append(entry)
    manifest: Manifest = {"operations": operations, "models": []}
    if scheme is not None:
        manifest["naming"] = {"scheme": scheme}
    return manifest


FIRST_SCHEME = _manifest(
    None,
    {"GET /orders": ("orders", "get_orders"), "GET /orders/{orderId}": ("orders", "get_by_id")},
)
CURRENT = _manifest(
    2, {"GET /orders": ("orders", "list"), "GET /orders/{orderId}": ("orders", "retrieve")}
)
WITH_ALIAS = _manifest(
    2,
    {"GET /orders": ("orders", "list"), "GET /orders/{orderId}": ("orders", "retrieve")},
    list=[{"resource": "orders", "name": "get_orders"}],
)

FIRES: list[AliasCase] = [
    ("client-method-deprecated", ORDERS, ORDERS, FIRST_SCHEME),
    ("client-method-added", ORDERS, ORDERS, FIRST_SCHEME),
    # the document renames the operation: its names are made afresh, the alias goes
    ("client-alias-removed", ORDERS, NAMED, WITH_ALIAS),
]
QUIET: list[AliasCase] = [
    ("client-method-deprecated", ORDERS, ORDERS, CURRENT),
    ("client-method-added", ORDERS, ORDERS, CURRENT),
    ("client-alias-removed", ORDERS, ORDERS, WITH_ALIAS),  # regenerating keeps the alias
]


def _report(base: Doc, revision: Doc, manifest: Manifest) -> DiffReport:
    pins = pins_from_manifest(manifest)
    assert pins is not None
    return diff(
        side_from_document(copy.deepcopy(base), "base", SurfaceInput(pins, exact=True)),
        side_from_document(copy.deepcopy(revision), "revision", SurfaceInput(pins)),
        DiffOptions(today=TODAY),
    )


@pytest.mark.parametrize(("rule_id", "base", "revision", "manifest"), FIRES)
def test_fires(rule_id: str, base: Doc, revision: Doc, manifest: Manifest) -> None:
    report = _report(base, revision, manifest)
    found = [c for c in report.changes if c.id == rule_id]
    assert found, [(c.id, c.text) for c in report.changes]
    assert all(c.level == RULES[rule_id].level and c.text for c in found)


@pytest.mark.parametrize(("rule_id", "base", "revision", "manifest"), QUIET)
def test_quiet(rule_id: str, base: Doc, revision: Doc, manifest: Manifest) -> None:
    report = _report(base, revision, manifest)
    assert not [(c.id, c.text) for c in report.changes if c.id == rule_id]


def test_a_scheme_change_is_deprecation_not_removal() -> None:
    report = _report(ORDERS, ORDERS, FIRST_SCHEME)
    texts = sorted(c.text for c in report.changes)
    assert texts == [
        "client.orders.get_by_id is deprecated (it still works and warns); use"
        " client.orders.retrieve",
        "client.orders.get_orders is deprecated (it still works and warns); use client.orders.list",
        "client.orders.list added (the new name of client.orders.get_orders)",
        "client.orders.retrieve added (the new name of client.orders.get_by_id)",
    ]
    assert report.bump != "major"
