"""Server URLs of the API, of paths and of operations (generator/diff/checks/servers.py)."""

from __future__ import annotations

import pytest

from tests.diff_cases.builders import Doc, api, one, op
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids

PROD: Doc = {"url": "https://api.example.com/prod"}
V2: Doc = {"url": "https://api.example.com/v2"}
OTHER: Doc = {"url": "https://other.example.com"}
BASE = one(op())


def root(*servers: Doc) -> Doc:
    return {**BASE, "servers": list(servers)}


def on_operation(*servers: Doc) -> Doc:
    return one(op(servers=list(servers)))


def on_path(*servers: Doc) -> Doc:
    return api({"/items": {"servers": list(servers), "get": op()}})


FIRES: list[Case] = [
    ("api-server-added", BASE, root(PROD)),
    ("api-server-removed", root(PROD), BASE),
    ("api-base-path-changed", root(PROD), root(V2)),
    ("operation-server-added", on_operation(PROD), on_operation(PROD, OTHER)),
    ("operation-server-removed", on_path(PROD, OTHER), on_path(PROD)),
    ("operation-base-path-changed", on_operation(PROD), on_path(V2)),
]
QUIET: list[Case] = [
    # a trailing slash and a variable at its default are the same URL
    ("api-server-added", root(PROD), root({"url": "https://api.example.com/prod/"})),
    (
        "api-server-removed",
        root(PROD),
        root({"url": "https://{host}/prod", "variables": {"host": {"default": "api.example.com"}}}),
    ),
    ("api-base-path-changed", root(PROD), root(PROD, OTHER)),
    # the root servers moved to the operation: the operation's URL is the same
    ("operation-server-added", root(PROD), on_operation(PROD)),
    ("operation-server-removed", on_operation(PROD), on_path(PROD)),
    ("operation-base-path-changed", root(PROD), root(V2)),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
