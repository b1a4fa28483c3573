"""Compare two versions of an API and tell what the new one does to its consumers.

Both the wire contract (operations, parameters, bodies, responses, security, servers) and the
generated Python client's surface (method, argument, resource and model names, types) are
compared. Public API::

    side = load_side("specs/orders/prod.json", repo=Path("."))    # or "git:HEAD~1:specs/..."
    report = diff(base_side, revision_side)                       # DiffReport(changes, bump)
    to_json(report) / to_text(report) / to_markdown(report)
    next_version("1.4.2", report.bump)
    run_diff(base, revision, fmt="text", fail_on=None, repo=Path("."), out=sys.stdout)

Every rule id and its level: :mod:`generator.diff.catalog`.
"""

from __future__ import annotations

from generator.diff.catalog import RULES, Rule
from generator.diff.command import run_diff
from generator.diff.engine import diff
from generator.diff.model import Bump, Change, DiffReport, Level
from generator.diff.report import to_json, to_markdown, to_text
from generator.diff.semver import bump_for, next_version
from generator.diff.sources import Side, load_side, side_from_document

__all__ = [
    "RULES",
    "Bump",
    "Change",
    "DiffReport",
    "Level",
    "Rule",
    "Side",
    "bump_for",
    "diff",
    "load_side",
    "next_version",
    "run_diff",
    "side_from_document",
    "to_json",
    "to_markdown",
    "to_text",
]
