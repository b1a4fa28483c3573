"""A team's policy applied to a report: waivers, severity overrides, the gate
(generator/diff/policy.py)."""

from __future__ import annotations

import datetime

from generator.diff import Policy, Waiver, apply_policy
from generator.diff.model import Change, DiffReport
from tests.diff_cases.builders import TODAY, Doc, compare, one, op

DAY = datetime.timedelta(days=1)


def _report() -> DiffReport:
    def doc(values: list[str], extra: Doc | None = None) -> Doc:
        params = [{"name": "status", "in": "query", "schema": {"type": "string", "enum": values}}]
        responses = {
            "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"type": "string", "enum": values}}},
            }
        }
        return one(
            op(operationId="listOrders", parameters=params, responses=responses, **(extra or {})),
            path="/orders/{id}",
        )

    return compare(doc(["a", "b"]), doc(["a", "c"]))


def _ids(changes: list[Change]) -> set[str]:
    return {c.id for c in changes}


def test_the_report_used_below_has_breaking_warning_and_info_changes() -> None:
    report = _report()
    assert {c.level for c in report.changes} == {"breaking", "warning", "info"}


def test_no_policy_changes_nothing_and_fails_on_breaking() -> None:
    outcome = apply_policy(_report(), Policy(), TODAY)
    assert outcome.report.changes == _report().changes
    assert outcome.failed
    assert outcome.failures() == ["1 breaking change(s) that no waiver covers"]


def test_a_waiver_marks_its_changes_waived_and_they_stop_failing_the_gate() -> None:
    waiver = Waiver(
        "request-parameter-enum-value-removed", "GET /orders/*", "nobody sends b", TODAY + DAY
    )
    outcome = apply_policy(_report(), Policy(waivers=(waiver,)), TODAY)
    [waived] = [c for c in outcome.report.changes if c.waived]
    assert waived.id == "request-parameter-enum-value-removed" and waived.level == "breaking"
    assert "nobody sends b" in (waived.waived or "")
    assert not outcome.failed
    assert outcome.report.bump == "minor"


def test_a_waiver_matches_by_rule_glob_and_path_glob() -> None:
    waiver = Waiver("response-body-enum-*", "/orders/*", "readers ignore status", TODAY)
    outcome = apply_policy(_report(), Policy(waivers=(waiver,)), TODAY)
    assert _ids([c for c in outcome.report.changes if c.waived]) == {
        "response-body-enum-value-added",
        "response-body-enum-value-removed",
    }


def test_a_waiver_for_another_operation_waives_nothing() -> None:
    waiver = Waiver("request-parameter-enum-value-removed", "POST /orders/*", "x", TODAY)
    outcome = apply_policy(_report(), Policy(waivers=(waiver,)), TODAY)
    assert not [c for c in outcome.report.changes if c.waived]
    assert outcome.failed


def test_an_expired_waiver_waives_nothing_and_fails_the_gate_with_a_clear_line() -> None:
    waiver = Waiver(
        "request-parameter-enum-value-removed",
        "*",
        "until the migration",
        TODAY - DAY,
        "pyproject.toml [tool.sdkgen.diff] waivers[0]",
    )
    outcome = apply_policy(_report(), Policy(waivers=(waiver,), fail_on="never"), TODAY)
    assert not [c for c in outcome.report.changes if c.waived]
    assert outcome.failures() == [
        "waiver of request-parameter-enum-value-removed at * (pyproject.toml [tool.sdkgen.diff] "
        f"waivers[0]) expired on {(TODAY - DAY).isoformat()} (it said: until the migration); "
        "renew its expiry date or remove it"
    ]


def test_a_severity_override_regrades_every_change_of_its_rule() -> None:
    policy = Policy(severity={"response-body-enum-value-added": "breaking"})
    outcome = apply_policy(_report(), policy, TODAY)
    [added] = [c for c in outcome.report.changes if c.id == "response-body-enum-value-added"]
    assert added.level == "breaking"
    assert outcome.report.changes[0].level == "breaking"  # still sorted by level


def test_fail_on_warning_and_never() -> None:
    waive_breaking = Waiver("request-parameter-enum-value-removed", "*", "x", TODAY)
    on_warning = apply_policy(
        _report(), Policy(waivers=(waive_breaking,), fail_on="warning"), TODAY
    )
    assert on_warning.failures() == ["1 breaking or warning change(s) that no waiver covers"]
    assert not apply_policy(_report(), Policy(fail_on="never"), TODAY).failed
