"""Time helpers. All instants are int microseconds since the Unix epoch (naive UTC).

Working in plain integers keeps the simulation fast and exactly reproducible; the
writer turns them into Arrow timestamp[us] columns at the very end.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

US = 1_000_000
HOUR = 3600 * US
DAY = 24 * HOUR
NULL_TS = -(2**63)  # sentinel for "no timestamp" inside int64 arrays
MONTHS_PER_YEAR = 12

_EPOCH = dt.datetime(1970, 1, 1)


def to_us(value: dt.datetime | dt.date) -> int:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value - _EPOCH
    return (delta.days * 86400 + delta.seconds) * US + delta.microseconds


def day_number(us):
    """Days since epoch (works on ints and numpy arrays)."""
    return us // DAY


class Calendar:
    """The simulated history: `months` calendar months ending with the as-of month.

    Month index 0 is the first simulated month, index months-1 the month holding
    `as_of`. Negative indices (pre-history, e.g. CRM records created before the first
    landing) and indices beyond the as-of month (term ends) are valid too.
    """

    PAD_BEFORE = 24
    PAD_AFTER = 48

    def __init__(self, as_of: dt.date, months: int):
        self.as_of = as_of
        self.months = months
        last = dt.date(as_of.year, as_of.month, 1)
        first_ym = last.year * 12 + last.month - 1 - (months - 1)
        starts = []
        for i in range(-self.PAD_BEFORE, months + self.PAD_AFTER + 1):
            ym = first_ym + i
            starts.append(to_us(dt.date(ym // 12, ym % 12 + 1, 1)))
        self._starts = np.array(starts, dtype=np.int64)
        self._starts_list = starts
        # Business data stops at the end of the as-of day; syncs may run until the end of the next day.
        self.end_us = to_us(as_of) + DAY  # exclusive bound for business timestamps
        self.load_cutoff_us = self.end_us + DAY - US  # latest allowed _loaded_at
        self.start_us = self.month_start(0)
        self.history_start_us = self.month_start(-12)  # fx rates and CRM pre-history start here

    def month_start(self, i: int) -> int:
        return self._starts_list[i + self.PAD_BEFORE]

    def month_starts(self, idx: np.ndarray) -> np.ndarray:
        return self._starts[np.asarray(idx) + self.PAD_BEFORE]

    def month_index(self, us):
        """Calendar month index of instants (scalar or array)."""
        return np.searchsorted(self._starts, us, side="right") - 1 - self.PAD_BEFORE


def add_business_days(us: int, n: int) -> int:
    """Move n business days (Mon-Fri) forward from an instant, keeping the time of day."""
    day = us // DAY
    rest = us - day * DAY
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday (weekday 3, Monday = 0)
    while n > 0:
        day += 1
        weekday = (weekday + 1) % 7
        if weekday < 5:
            n -= 1
    if weekday >= 5:  # landed on a weekend only when n == 0 and start was a weekend
        day += 7 - weekday
    return day * DAY + rest
