"""Reports for CI systems: GitHub Actions workflow commands and JUnit XML.

GitHub: one ``::error`` line per change at a failing level, ``::warning`` per other warning,
``::notice`` per waived change, then a summary notice; every value escaped as workflow
commands require (``%``, CR, LF; ``:`` and ``,`` in properties), so document text cannot end a
command or start another. JUnit: one test case per change that is not info; a change at a
failing level is a failure, a waived one is skipped.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from generator.diff.model import Change, DiffReport, Level, sort_changes

_XML_ILLEGAL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]")


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _message(change: Change) -> str:
    where = f"{change.operation}: " if change.operation else ""
    waived = f" (waived: {change.waived})" if change.waived else ""
    return f"{where}{change.text}{waived}"


def to_github(
    report: DiffReport, *, failing: tuple[Level, ...] = ("breaking",), document: str | None = None
) -> str:
    lines: list[str] = []
    file_part = f"file={_property(document)}," if document else ""
    for change in sort_changes(report.changes):
        if not change.counts:
            command = "notice"
        elif change.level in failing:
            command = "error"
        elif change.level in ("breaking", "warning"):
            command = "warning"
        else:
            continue
        title = _property(f"{change.level}: {change.id}")
        lines.append(f"::{command} {file_part}title={title}::{_data(_message(change))}")
    counts = ", ".join(
        f"{report.count(level)} {level}" for level in ("breaking", "warning", "info")
    )
    summary = _data(f"{counts}; semver bump: {report.bump}")
    lines.append(f"::notice title={_property('API changes')}::{summary}")
    return "\n".join(lines) + "\n"


def _xml_attr(value: str) -> str:
    return quoteattr(_XML_ILLEGAL.sub("?", value))


def _xml_text(value: str) -> str:
    return escape(_XML_ILLEGAL.sub("?", value))


def to_junit(report: DiffReport, *, failing: tuple[Level, ...] = ("breaking",)) -> str:
    cases: list[str] = []
    failures = skipped = 0
    for change in sort_changes(report.changes):
        if change.level == "info" and change.counts:
            continue
        name = _xml_attr(f"{change.operation or '(API)'}: {change.id}")
        classname = _xml_attr(f"api.{change.level}")
        message = _message(change)
        if not change.counts:
            skipped += 1
            body = f"<skipped message={_xml_attr(change.waived or '')}/>"
        elif change.level in failing:
            failures += 1
            body = (
                f"<failure message={_xml_attr(message)} type={_xml_attr(change.id)}>"
                f"{_xml_text(message)}</failure>"
            )
        else:
            body = f"<system-out>{_xml_text(message)}</system-out>"
        cases.append(f"    <testcase name={name} classname={classname}>{body}</testcase>")
    suite = (
        f'  <testsuite name="sdkgen diff" tests="{len(cases)}" failures="{failures}" '
        f'errors="0" skipped="{skipped}">'
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>", suite, *cases]
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"
