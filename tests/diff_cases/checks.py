"""Tables of rule cases for the per-family check tests: where a rule fires and where it must
not. Every family's test module lists ``FIRES`` and ``QUIET`` (rule id, base, revision);
``tests/test_diff_catalog.py`` checks that every rule id has both."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.diff import DiffOptions
from generator.diff.catalog import RULES
from generator.diff.rule import PLACES, SchemaRule
from tests.diff_cases.builders import TODAY, Doc, compare, schema_at

Case = tuple[str, Doc, Doc]
# A case that needs a team's policy (sunset notice days): rule id, base, revision, options.
PolicyCase = tuple[str, Doc, Doc, DiffOptions]

NOTICE = DiffOptions(today=TODAY, min_sunset_days={"beta": 30, "stable": 90})


def at_places(rule: SchemaRule, old: Any, new: Any, *, schemas: Doc | None = None) -> list[Case]:
    """One case per place the rule exists at: the schema pair at that place."""
    cases: list[Case] = []
    for place in PLACES:
        rule_id = {
            "request-parameter": rule.request_parameter,
            "request-body": rule.request_body,
            "response-body": rule.response_body,
            "response-header": rule.response_header,
        }[place]
        if rule_id is not None:
            cases.append(
                (
                    rule_id,
                    schema_at(place, old, schemas=schemas),
                    schema_at(place, new, schemas=schemas),
                )
            )
    return cases


def case_ids(cases: Sequence[Case] | Sequence[PolicyCase]) -> list[str]:
    return [case[0] for case in cases]


def assert_fires(
    rule_id: str, base: Doc, revision: Doc, options: DiffOptions | None = None
) -> None:
    report = compare(base, revision, options)
    found = [c for c in report.changes if c.id == rule_id]
    assert found, f"{rule_id} not reported; got {[(c.id, c.text) for c in report.changes]}"
    assert all(c.level == RULES[rule_id].level for c in found)
    assert all(c.text for c in found)


def assert_quiet(
    rule_id: str, base: Doc, revision: Doc, options: DiffOptions | None = None
) -> None:
    report = compare(base, revision, options)
    found = [(c.id, c.text) for c in report.changes if c.id == rule_id]
    assert not found, f"{rule_id} reported where it must not be: {found}"
