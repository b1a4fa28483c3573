"""Lifecycle extensions shared by operations, parameters and properties: ``deprecated``,
``x-sunset`` (the date after which something may be removed: ``YYYY-MM-DD`` or an RFC 3339
timestamp) and ``x-stability-level`` (``draft`` < ``alpha`` < ``beta`` < ``stable``; absent
means stable).

What may change at which level (as oasdiff reads them): ``draft`` and ``alpha`` elements may
change or disappear without notice; ``beta`` and ``stable`` ones follow the deprecation
policy: deprecate first (with an ``x-sunset`` date at least the configured number of days
away, when the team configures one), remove after the sunset date. This module judges; the
rule ids live in the modules that report (operations, parameters, properties).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from generator.diff.options import DiffOptions

STABILITY_LEVELS = ("draft", "alpha", "beta", "stable")
UNSTABLE = frozenset({"draft", "alpha"})
SUNSET = "x-sunset"
STABILITY = "x-stability-level"


@dataclass(frozen=True)
class Stability:
    level: str  # one of STABILITY_LEVELS ("stable" when absent or invalid)
    invalid: str | None = None  # the raw value when it is not a stability level

    @property
    def rank(self) -> int:
        return STABILITY_LEVELS.index(self.level)

    @property
    def unstable(self) -> bool:
        return self.invalid is None and self.level in UNSTABLE


def stability(node: Any) -> Stability:
    raw = node.get(STABILITY) if isinstance(node, dict) else None
    if raw is None:
        return Stability("stable")
    if isinstance(raw, str) and raw in STABILITY_LEVELS:
        return Stability(raw)
    return Stability("stable", str(raw))


@dataclass(frozen=True)
class Sunset:
    date: datetime.date | None = None
    invalid: str | None = None  # the raw value when it is not a date

    @property
    def present(self) -> bool:
        return self.date is not None or self.invalid is not None


def sunset(node: Any) -> Sunset:
    raw = node.get(SUNSET) if isinstance(node, dict) else None
    if raw is None:
        return Sunset()
    if isinstance(raw, datetime.datetime):
        return Sunset(raw.date())
    if isinstance(raw, datetime.date):
        return Sunset(raw)
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return Sunset(datetime.date.fromisoformat(text))
        except ValueError:
            pass
        try:
            return Sunset(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date())
        except ValueError:
            pass
    return Sunset(invalid=str(raw))


def deprecated(node: Any) -> bool:
    return isinstance(node, dict) and node.get("deprecated") is True


Verdict = Literal[
    "deprecated",
    "sunset-invalid",
    "sunset-missing",
    "sunset-too-soon",
    "reactivated",
    "sunset-removed",
    "sunset-moved-earlier",
]


def deprecation_verdicts(old: Any, new: Any, options: DiffOptions) -> list[tuple[Verdict, str]]:
    """What changed in the deprecation of one element present on both sides."""
    was, now = deprecated(old), deprecated(new)
    if was and not now:
        return [("reactivated", "no longer deprecated")]
    if not now:
        return []
    days = options.sunset_days(stability(new).level)
    date = sunset(new)
    if not was:
        if date.invalid is not None:
            return [
                (
                    "sunset-invalid",
                    f"deprecated with an x-sunset that is not a date: {date.invalid!r}",
                )
            ]
        if date.date is None:
            if days > 0:
                return [
                    (
                        "sunset-missing",
                        f"deprecated without an x-sunset date ({days} days of notice are required)",
                    )
                ]
            return [("deprecated", "deprecated")]
        if options.today is not None and (date.date - options.today).days < days:
            return [
                (
                    "sunset-too-soon",
                    f"deprecated with x-sunset {date.date}, less than {days} days away",
                )
            ]
        return [("deprecated", f"deprecated (sunset {date.date})")]
    before = sunset(old)
    if before.present and not date.present:
        return [("sunset-removed", "the x-sunset date of a deprecated element was removed")]
    if date.invalid is not None and before.invalid != date.invalid:
        return [("sunset-invalid", f"x-sunset is not a date: {date.invalid!r}")]
    if before.invalid is not None and date.date is not None:
        return [
            (
                "sunset-invalid",
                f"x-sunset was not a date ({before.invalid!r}): whether {date.date} "
                "moves it earlier cannot be judged",
            )
        ]
    earlier = before.date is not None and date.date is not None and date.date < before.date
    if (
        earlier
        and date.date is not None
        and options.today is not None
        and (date.date - options.today).days < days
    ):
        return [
            (
                "sunset-moved-earlier",
                f"x-sunset moved from {before.date} to {date.date}, "
                f"less than {days} days from {options.today}",
            )
        ]
    return []


Removal = Literal["removed", "removed-before-sunset", "removed-after-deprecation", "sunset-invalid"]


def removal_verdict(old: Any, options: DiffOptions) -> tuple[Removal, str]:
    """How an element that disappeared was retired."""
    if not deprecated(old):
        return "removed", "removed"
    date = sunset(old)
    if date.invalid is not None:
        return "sunset-invalid", f"removed; its x-sunset is not a date: {date.invalid!r}"
    if date.date is not None and options.today is not None and options.today < date.date:
        return "removed-before-sunset", f"removed before its sunset date {date.date}"
    when = f" (sunset {date.date})" if date.date is not None else ""
    return "removed-after-deprecation", f"removed after deprecation{when}"


def stability_verdict(old: Any, new: Any) -> tuple[str, str] | None:
    """``invalid``, ``decreased`` or ``increased`` for an element on both sides whose
    ``x-stability-level`` changed."""
    before, after = stability(old), stability(new)
    if before == after:
        return None
    for side, value in (("base", before), ("revision", after)):
        if value.invalid is not None:
            return (
                "invalid",
                f"x-stability-level {value.invalid!r} in the {side} is not one of "
                f"{', '.join(STABILITY_LEVELS)}: what may change cannot be judged",
            )
    if before.level == after.level:
        return None
    detail = f"stability changed from {before.level} to {after.level}"
    if after.rank < before.rank:
        if before.unstable:
            return None  # draft and alpha elements may change without notice
        return "decreased", detail
    return "increased", detail
