"""Descriptions and titles inside schemas: documentation only."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diff.findings import Finding, SchemaPair, finding, presence, text
from generator.diff.rule import Rule, doc_rule

SCHEMA_DESCRIPTION_CHANGED = "schema-description-changed"

RULES: tuple[Rule, ...] = (
    doc_rule(SCHEMA_DESCRIPTION_CHANGED, "a schema or property description or title changed"),
)
_RULE = RULES[0]


def check(pair: SchemaPair) -> Iterator[Finding]:
    for keyword in ("description", "title"):
        old, new = text(pair.base.get(keyword)), text(pair.revision.get(keyword))
        if old != new:
            yield finding(_RULE, f"{keyword} {presence(old, new)}")
