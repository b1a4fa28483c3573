"""A team's release policy applied to a report: waivers, severity overrides and the gate.

The policy is data (read from the team's configuration by the command line, see
:mod:`generator.diff_settings`); this module only applies it:

- a :class:`SeverityOverride` re-grades every change of one rule id (e.g. make
  ``response-body-enum-value-added`` breaking for consumers that switch exhaustively);
- a :class:`Waiver` marks the changes of a rule id (or a glob of ids) at an operation or path
  (a glob) as waived, with its reason, until its expiry date. Waived changes still show; they
  do not fail the gate and call for a minor bump at most. A waiver past its expiry date waives
  nothing and fails the gate, so waivers are renewed or removed, not forgotten;
- the gate fails on ``breaking`` changes (the default), on ``warning`` and ``breaking`` ones,
  or ``never``.
"""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from generator.diff.model import Change, DiffReport, Level, sort_changes
from generator.diff.semver import bump_for

FailOn = Literal["breaking", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = ("breaking", "warning", "never")


@dataclass(frozen=True)
class Waiver:
    """``rule``: a rule id or a glob of ids; ``target``: ``*``, an operation glob
    (``GET /orders/*``) or a path glob (``/orders/*``); ``where``: where it was declared."""

    rule: str
    target: str
    reason: str
    expires: datetime.date
    where: str = ""

    def matches(self, change: Change) -> bool:
        if not fnmatch.fnmatchcase(change.id, self.rule):
            return False
        if self.target == "*":
            return True
        if self.target.startswith("/"):
            return change.path is not None and fnmatch.fnmatchcase(change.path, self.target)
        if change.operation is None:
            return False
        method, _, path = self.target.partition(" ")
        op_method, _, op_path = change.operation.partition(" ")
        return fnmatch.fnmatchcase(op_method.upper(), method.upper()) and fnmatch.fnmatchcase(
            op_path, path
        )

    def expired(self, today: datetime.date) -> bool:
        return today > self.expires

    def describe(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"waiver of {self.rule} at {self.target}{where}"


@dataclass(frozen=True)
class Policy:
    waivers: tuple[Waiver, ...] = ()
    severity: Mapping[str, Level] = field(default_factory=dict)
    fail_on: FailOn = "breaking"


@dataclass(frozen=True)
class Outcome:
    """A report with the policy applied, and the waivers that expired."""

    report: DiffReport
    expired: tuple[Waiver, ...]
    fail_on: FailOn

    def expired_lines(self) -> list[str]:
        return [
            f"{w.describe()} expired on {w.expires.isoformat()} (it said: {w.reason}); "
            "renew its expiry date or remove it"
            for w in self.expired
        ]

    def gated(self) -> list[Change]:
        """The changes that fail the gate: at its level, not waived."""
        if self.fail_on == "never":
            return []
        failing: tuple[Level, ...] = ("breaking",)
        if self.fail_on == "warning":
            failing = ("breaking", "warning")
        return [c for c in self.report.changes if c.counts and c.level in failing]

    def failures(self) -> list[str]:
        """One line per reason the gate fails (empty: it passes)."""
        lines = self.expired_lines()
        gated = self.gated()
        if gated:
            levels = "breaking" if self.fail_on == "breaking" else "breaking or warning"
            lines.append(f"{len(gated)} {levels} change(s) that no waiver covers")
        return lines

    @property
    def failed(self) -> bool:
        return bool(self.failures())


def apply_policy(report: DiffReport, policy: Policy, today: datetime.date | None) -> Outcome:
    """The report re-graded by the severity overrides, with waived changes marked.

    Without a day (``today=None``, what ``generate`` uses so that its version does not depend
    on the day it runs) every waiver applies: whether one expired is the gate's question
    (``sdkgen diff --fail-on``, ``release-check``)."""
    expired = tuple(w for w in policy.waivers if today is not None and w.expired(today))
    active = [w for w in policy.waivers if w not in expired]
    changes: list[Change] = []
    for item in report.changes:
        level = policy.severity.get(item.id)
        if level is not None and level != item.level:
            item = replace(item, level=level)
        if item.waived is None:
            waiver = next((w for w in active if w.matches(item)), None)
            if waiver is not None:
                until = waiver.expires.isoformat()
                item = replace(item, waived=f"{waiver.reason} (waived until {until})")
        changes.append(item)
    ordered = sort_changes(changes)
    applied = DiffReport(ordered, bump_for(ordered), report.base, report.revision)
    return Outcome(applied, expired, policy.fail_on)
