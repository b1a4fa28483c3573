"""What a comparison needs beyond the two documents: the day it runs on (sunset dates are
judged against it) and the deprecation grace periods a team requires.

The values come from the caller (the command line reads them from the team's configuration);
the library holds no configuration of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DiffOptions:
    """``min_sunset_days``: per ``x-stability-level`` (``beta``, ``stable``), the least number of
    days between deprecating something and its ``x-sunset`` date; 0 (the default, as in
    oasdiff) asks for no sunset date at all. ``draft`` and ``alpha`` never need one."""

    today: datetime.date = field(default_factory=datetime.date.today)
    min_sunset_days: dict[str, int] = field(default_factory=dict)

    def sunset_days(self, stability: str) -> int:
        if stability in ("draft", "alpha"):
            return 0
        return max(0, int(self.min_sunset_days.get(stability, 0)))
