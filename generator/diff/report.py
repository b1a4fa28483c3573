"""Write a diff report as JSON, as a changelog-like text, or as Markdown for a PR comment
(GitHub Actions annotations and JUnit XML: :mod:`generator.diff.report_ci`).

JSON is the machine contract::

    {"changes": [{"id", "level", "operation", "path", "text", "waived"[, "waiver"]}, ...],
     "bump": "major" | "minor" | "patch" | "none"}

with changes ordered by level (breaking, warning, info), then operation, then id; ``waived``
is true (and ``waiver`` gives the reason) for a change that does not count toward the gate.
ASCII only (other characters as JSON escapes), so it survives any console encoding. Text and
Markdown carry the same changes grouped by level, waived ones marked. Everything taken from a
document is made inert: one line per change in text, escaped punctuation (and defused
``@mentions``) in Markdown.
"""

from __future__ import annotations

import json
import re

from generator.diff.model import LEVELS, Change, DiffReport, Level, sort_changes
from generator.diff.report_ci import to_github, to_junit

FORMATS = ("text", "json", "markdown", "github", "junit")

_HEADINGS: dict[Level, str] = {
    "breaking": "Breaking changes",
    "warning": "Warnings",
    "info": "Other changes",
}
_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_MAX_MD_CELL = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def to_json(report: DiffReport) -> str:
    payload = {
        "changes": [c.to_json() for c in sort_changes(report.changes)],
        "bump": report.bump,
    }
    return json.dumps(payload, indent=2, ensure_ascii=True)


def _counts(report: DiffReport, separator: str) -> str:
    parts = []
    for level in LEVELS:
        count = report.count(level)
        plural = "s" if level == "warning" and count != 1 else ""
        waived = sum(1 for c in report.changes if c.level == level and not c.counts)
        extra = f" ({waived} waived)" if waived and level != "info" else ""
        parts.append(f"{count} {level}{plural}{extra}")
    return separator.join(parts)


def _summary(report: DiffReport) -> str:
    return f"{_counts(report, ', ')}; semver bump: {report.bump}"


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def to_text(report: DiffReport) -> str:
    lines: list[str] = []
    if report.base or report.revision:
        lines.append(_one_line(f"API changes from {report.base} to {report.revision}"))
    changes = sort_changes(report.changes)
    if not changes:
        lines.append("No changes; semver bump: none")
        return "\n".join(lines) + "\n"
    lines.append(_summary(report))
    for level in LEVELS:
        group = [c for c in changes if c.level == level]
        if not group:
            continue
        lines.append("")
        lines.append(f"{_HEADINGS[level]} ({len(group)}):")
        lines.extend(f"  - {_text_entry(c)}" for c in group)
    return "\n".join(lines) + "\n"


def _text_entry(change: Change) -> str:
    where = f"{change.operation}: " if change.operation else ""
    waived = f" (waived: {change.waived})" if change.waived else ""
    return _one_line(f"{where}{change.text} [{change.id}]{waived}")


def markdown_escape(text: str, *, limit: int = _MAX_MD_CELL) -> str:
    """Document text made inert in Markdown (and in a table cell): one line, punctuation
    escaped, ``@`` kept from forming mentions."""
    line = _one_line(text)
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return _MD_PUNCTUATION.sub(r"\\\1", line).replace("@", "@\u200b")


def to_markdown(report: DiffReport) -> str:
    lines = ["## API changes", ""]
    if report.base or report.revision:
        base, revision = markdown_escape(report.base), markdown_escape(report.revision)
        lines += [f"Comparing {base} with {revision}.", ""]
    changes = sort_changes(report.changes)
    if not changes:
        lines.append("No API changes (semver bump: **none**).")
        return "\n".join(lines) + "\n"
    lines.append(f"**Semver bump: {report.bump}** · {_counts(report, ' · ')}")
    for level in LEVELS:
        group = [c for c in changes if c.level == level]
        if not group:
            continue
        lines += ["", f"### {_HEADINGS[level]} ({len(group)})", ""]
        lines += ["| Operation | Change | Rule |", "| --- | --- | --- |"]
        for item in group:
            operation = markdown_escape(item.operation) if item.operation else "(API)"
            text = markdown_escape(item.text)
            if item.waived:
                text = f"{text} (*waived:* {markdown_escape(item.waived)})"
            lines.append(f"| {operation} | {text} | `{item.id}` |")
    return "\n".join(lines) + "\n"


def render(
    report: DiffReport,
    fmt: str,
    *,
    failing: tuple[Level, ...] = ("breaking",),
    document: str | None = None,
) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`). ``failing``: the levels the gate fails
    on (JUnit failures, GitHub errors); ``document``: the revision file annotations point to."""
    if fmt == "json":
        return to_json(report) + "\n"
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "text":
        return to_text(report)
    if fmt == "github":
        return to_github(report, failing=failing, document=document)
    if fmt == "junit":
        return to_junit(report, failing=failing)
    raise ValueError(f"unknown report format {fmt!r}")
