"""What a comparison needs beyond the two documents: the day it runs on (sunset dates are
judged against it) and the deprecation grace periods a team requires.

The values come from the caller (the command line reads them from the team's configuration);
the library holds no configuration of its own. Without a day (``today=None``) no rule depends
on the date, so the same two documents always give the same report (what ``generate`` needs:
its version and CHANGELOG may not depend on the day it runs):

- a deprecation is ``*-deprecated``, whatever notice its ``x-sunset`` gives (``*-sunset-too-soon``
  needs a day), and an ``x-sunset`` moved earlier is not judged (``*-sunset-moved-earlier``);
- a deprecated element removed is ``*-removed-after-deprecation`` (its sunset date is not
  judged: ``*-removed-before-sunset`` needs a day). The client's surface changes all the same
  (``client-method-removed``, ``client-argument-removed``: breaking).

``sdkgen diff`` and ``release-check`` judge dates as of today (or ``--today``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DiffOptions:
    """``min_sunset_days``: per ``x-stability-level`` (``beta``, ``stable``), the least number of
    days between deprecating something and its ``x-sunset`` date; 0 (the default, as in
    oasdiff) asks for no sunset date at all. ``draft`` and ``alpha`` never need one."""

    today: datetime.date | None = field(default_factory=lambda: datetime.date.today())
    min_sunset_days: dict[str, int] = field(default_factory=dict)

    def sunset_days(self, stability: str) -> int:
        if stability in ("draft", "alpha"):
            return 0
        return max(0, int(self.min_sunset_days.get(stability, 0)))
