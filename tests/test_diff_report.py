"""Report formats: the JSON contract, the changelog text, Markdown safe for a PR comment."""

from __future__ import annotations

import json
from dataclasses import replace

from generator.diff import Change, DiffReport, to_json, to_markdown, to_text
from generator.diff.model import LEVELS
from generator.diff.report import markdown_escape, render
from tests.diff_cases.builders import Doc, compare, one, op

S: Doc = {"type": "string"}


def _mixed() -> DiffReport:
    base = one(
        op(
            operationId="listItems",
            parameters=[
                {"name": "q", "in": "query", "schema": S},
                {"name": "status", "in": "query", "schema": {**S, "enum": ["a", "b"]}},
            ],
        )
    )
    revision = one(
        op(
            operationId="listItems",
            deprecated=True,
            summary="List",
            parameters=[{"name": "status", "in": "query", "schema": {**S, "enum": ["a"]}}],
        )
    )
    revision["paths"]["/other"] = {"get": op(operationId="other")}
    revision["info"]["title"] = "store"
    return compare(base, revision)


def test_json_has_exactly_the_contract_fields() -> None:
    payload = json.loads(to_json(_mixed()))
    assert set(payload) == {"changes", "bump"}
    assert payload["bump"] == "major"
    assert payload["changes"]
    for item in payload["changes"]:
        # the contract's fields, in order, and "waived" (nothing is waived here)
        assert list(item) == ["id", "level", "operation", "path", "text", "waived"]
        assert item["waived"] is False
        assert item["level"] in LEVELS
        assert isinstance(item["id"], str) and isinstance(item["text"], str)
        assert item["operation"] is None or isinstance(item["operation"], str)
        assert item["path"] is None or isinstance(item["path"], str)


def test_json_order_is_level_then_operation_then_id() -> None:
    payload = json.loads(to_json(_mixed()))
    keys = [(LEVELS.index(c["level"]), c["operation"] or "", c["id"]) for c in payload["changes"]]
    assert keys == sorted(keys)
    assert payload["changes"][0]["level"] == "breaking"
    documentwide = [c for c in payload["changes"] if c["operation"] is None]
    assert documentwide and all(c["path"] is None for c in documentwide)


def test_json_is_deterministic_whatever_the_input_order() -> None:
    report = _mixed()
    shuffled = DiffReport(list(reversed(report.changes)), report.bump)
    assert to_json(shuffled) == to_json(report) == to_json(_mixed())


def test_json_of_no_changes() -> None:
    assert json.loads(to_json(compare(one(op()), one(op())))) == {"changes": [], "bump": "none"}


def test_text_reads_like_a_changelog_grouped_by_level() -> None:
    text = to_text(_mixed())
    lines = text.splitlines()
    assert lines[0] == "API changes from base to revision"
    assert lines[1].endswith("semver bump: major")
    headings = [line for line in lines if line and not line.startswith(" ")][2:]
    assert headings == ["Breaking changes (2):", "Warnings (2):", "Other changes (3):"]
    assert "  - GET /items: query parameter 'q' removed [request-parameter-removed]" in lines
    assert text.index("Breaking changes") < text.index("Warnings") < text.index("Other changes")


def test_text_of_no_changes() -> None:
    assert "No changes" in to_text(compare(one(op()), one(op())))


def test_markdown_has_heading_summary_and_a_table_per_level() -> None:
    markdown = to_markdown(_mixed())
    lines = markdown.splitlines()
    assert lines[0] == "## API changes"
    summary = next(line for line in lines if line.startswith("**Semver bump"))
    assert "major" in summary and "breaking" in summary and "warning" in summary
    assert "### Breaking changes (2)" in lines
    assert "| Operation | Change | Rule |" in lines
    assert any("`request-parameter-enum-value-removed`" in line for line in lines)


def _unescaped_pipes(line: str) -> int:
    return sum(1 for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\"))


def test_markdown_escapes_document_text() -> None:
    hostile = "a|b` **x** <script>alert(1)</script> [link](http://e) @team $x$\nnext line"
    report = DiffReport(
        [Change("operation-added", "info", f"GET /{hostile}", f"/{hostile}", hostile)], "minor"
    )
    markdown = to_markdown(report)
    rows = [line for line in markdown.splitlines() if line.startswith("| GET")]
    assert len(rows) == 1  # the newline did not break the row
    assert _unescaped_pipes(rows[0]) == 4  # only the table's own separators
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "@team" not in markdown
    assert "**x**" not in markdown


def test_markdown_escape_keeps_plain_words() -> None:
    assert markdown_escape("response 200 body") == "response 200 body"


def test_render_knows_every_format() -> None:
    report = _mixed()
    assert render(report, "json").strip() == to_json(report)
    assert render(report, "text") == to_text(report)
    assert render(report, "markdown") == to_markdown(report)
    assert render(report, "github").startswith("::error ")
    assert render(report, "junit").startswith("<?xml")


def _waived(report: DiffReport) -> DiffReport:
    changes = [
        replace(c, waived="accepted until the v2 cut") if c.id == "request-parameter-removed" else c
        for c in report.changes
    ]
    return DiffReport(changes, report.bump, report.base, report.revision)


def test_waived_changes_are_marked_in_every_format() -> None:
    report = _waived(_mixed())
    [entry] = [c for c in json.loads(to_json(report))["changes"] if c["waived"]]
    assert entry["id"] == "request-parameter-removed"
    assert entry["waiver"] == "accepted until the v2 cut"
    assert "[request-parameter-removed] (waived: accepted until the v2 cut)" in to_text(report)
    assert "(2 waived)" not in to_text(report) and "(1 waived)" in to_text(report)
    assert "*waived:* accepted until the v2 cut" in to_markdown(report)


def test_github_annotations_are_workflow_commands_that_document_text_cannot_break() -> None:
    change = Change(
        "request-parameter-removed",
        "breaking",
        "GET /items",
        "/items",
        "query parameter 'q' removed%0A::error::forged\r\nline, with: colons",
    )
    out = render(DiffReport([change], "major"), "github", document="specs/items/prod.json")
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=specs/items/prod.json,title=breaking%3A request-parameter-removed::GET /items: "
    )
    assert "%250A::error::forged" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("::notice title=API changes::")
    assert "1 breaking" in lines[1]


def test_github_levels_follow_the_gate() -> None:
    report = _waived(_mixed())
    lines = render(report, "github", failing=("breaking", "warning")).splitlines()
    commands = [line.split(" ", 1)[0] for line in lines]
    assert commands.count("::error") == report.count("breaking") + report.count("warning") - 1
    assert commands.count("::notice") == 2  # the waived change and the summary
    assert "::warning" not in commands


def test_junit_has_a_failure_per_gated_change_and_a_skip_per_waived_one() -> None:
    import xml.etree.ElementTree as ET

    report = _waived(_mixed())
    suite = ET.fromstring(render(report, "junit")).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert suite.get("failures") == str(len(failures)) == str(report.count("breaking"))
    assert suite.get("skipped") == str(len(skipped)) == "1"
    assert "GET /items: request-parameter-enum-value-removed" in {f.get("name") for f in failures}
    assert skipped[0].find("skipped").get("message") == "accepted until the v2 cut"  # type: ignore[union-attr]
    assert len(cases) == report.count("breaking") + report.count("warning")


def test_junit_escapes_document_text() -> None:
    change = Change(
        "operation-removed", "breaking", 'GET /a"<b>&', "/a", 'removed \x01 <tag> & "q"'
    )
    text = render(DiffReport([change], "major"), "junit")
    import xml.etree.ElementTree as ET

    failure = ET.fromstring(text).find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert '<tag> & "q"' in failure.text
