"""``default``: the value the server assumes when a caller leaves a value out.

For a parameter (as oasdiff grades it) a default changed or removed changes what the server
does for every call that omits the parameter: breaking; a default added is a warning (it often
documents what the server already did). Inside a request body the same edits are warnings (the
caller's payload is unchanged; oasdiff reports them as info). In responses defaults are
documentation of what readers may see: info.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diff.findings import Finding, SchemaPair, canonical, finding
from generator.diff.rule import SchemaRule

DEFAULT_ADDED = SchemaRule(
    "a default value was added",
    "info",
    "info",
    request_parameter="request-parameter-default-added",
    request_body="request-body-default-added",
    response_body="response-body-default-added",
    response_header="response-header-default-added",
    parameter_level="warning",
)
DEFAULT_CHANGED = SchemaRule(
    "the default value changed",
    "warning",
    "info",
    request_parameter="request-parameter-default-changed",
    request_body="request-body-default-changed",
    response_body="response-body-default-changed",
    response_header="response-header-default-changed",
    parameter_level="breaking",
)
DEFAULT_REMOVED = SchemaRule(
    "the default value was removed",
    "warning",
    "info",
    request_parameter="request-parameter-default-removed",
    request_body="request-body-default-removed",
    response_body="response-body-default-removed",
    response_header="response-header-default-removed",
    parameter_level="breaking",
)

RULES = (DEFAULT_ADDED, DEFAULT_CHANGED, DEFAULT_REMOVED)


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    old = canonical(b["default"]) if "default" in b else None
    new = canonical(r["default"]) if "default" in r else None
    if old == new:
        return
    if old is None:
        yield finding(DEFAULT_ADDED, f"default value {new} was added")
    elif new is None:
        yield finding(DEFAULT_REMOVED, f"default value {old} was removed")
    else:
        yield finding(DEFAULT_CHANGED, f"default value changed from {old} to {new}")
