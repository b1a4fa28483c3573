"""Compare two versions of an API and tell what the new one does to its consumers.

Both the wire contract (operations, parameters, bodies, responses, security, servers,
webhooks) and the generated Python client's surface (method, argument, resource and model
names, types) are compared. Public API::

    side = load_side("specs/orders/prod.json", repo=Path("."))    # or "git:HEAD~1:specs/..."
    report = diff(base_side, revision_side, DiffOptions(today=...))  # DiffReport(changes, bump)
    outcome = apply_policy(report, Policy(waivers=..., severity=...), today)  # waivers, gate
    render(report, "text" | "json" | "markdown" | "github" | "junit")
    next_version("1.4.2", report.bump)

Every rule id and its level: :mod:`generator.diff.catalog` (defined per family in
:mod:`generator.diff.checks`). The library reads no configuration and talks to no service:
the command line (:mod:`generator.cli_diff`) does.
"""

from __future__ import annotations

from generator.diff.catalog import RULES
from generator.diff.engine import diff
from generator.diff.model import Bump, Change, DiffReport, Level
from generator.diff.options import DiffOptions
from generator.diff.policy import FAIL_ON, Outcome, Policy, Waiver, apply_policy
from generator.diff.report import FORMATS, render, to_json, to_markdown, to_text
from generator.diff.rule import Rule
from generator.diff.semver import bump_for, next_version
from generator.diff.sources import Side, load_side, side_from_document

__all__ = [
    "FAIL_ON",
    "FORMATS",
    "RULES",
    "Bump",
    "Change",
    "DiffOptions",
    "DiffReport",
    "Level",
    "Outcome",
    "Policy",
    "Rule",
    "Side",
    "Waiver",
    "apply_policy",
    "bump_for",
    "diff",
    "load_side",
    "next_version",
    "render",
    "side_from_document",
    "to_json",
    "to_markdown",
    "to_text",
]
