"""What every part of one account's simulation shares: identity, random stream, clock and prices.

One account draws from one `random.Random`; the parts (billing, invoices, users, deals, ...)
all draw from it in the order the month loop calls them, which is what keeps the output
identical for identical arguments.
"""

from __future__ import annotations

import math
import random

import numpy as np

from . import catalog as cat
from .accounts import SEGMENTS
from .chunk import ChunkSim, Ids
from .params import Params
from .timeutil import DAY, HOUR, Calendar


def lognormal(r: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * r.gauss(0.0, 1.0))


def pick(r: random.Random, options):
    """Choose from ((value..., weight), ...) tuples; returns the tuple without its weight."""
    x = r.random() * sum(o[-1] for o in options)
    for o in options:
        x -= o[-1]
        if x < 0:
            return o[:-1]
    return options[-1][:-1]


class Account:
    """Identity and shared state of one simulated account."""

    def __init__(
        self,
        sim: ChunkSim,
        local: int,
        g: int,
        master,
        cal: Calendar,
        r: random.Random,
        ids: Ids,
        parent_alive: np.ndarray | None,
        params: Params,
    ):
        self.sim, self.k, self.g, self.ms, self.cal, self.r, self.ids = sim, local, g, master, cal, r, ids
        self.params = params
        self.acc = master.account_id[g]
        self.seg = master.segment[g]
        self.p = params.segment[self.seg]
        self.cur = master.currency[g]
        self.M = cal.months
        self.parent_alive = parent_alive
        self.seg_idx = SEGMENTS.index(self.seg)
        self.off = 0  # billing anchor: offset of every billing instant from its month start
        self.cust: str | None = None
        self.price_factor = 1.0  # cumulative renewal price uplifts
        self.ipu = 0.0  # platform units per active user-month
        self.auto_ipu = 0.0  # automation units per active user-month

    def t(self, m: int) -> int:
        """Billing anchor instant of month m (same day-of-month and time every month)."""
        return self.cal.month_start(m) + self.off

    def list_price(self, product: str, tier: str, interval: int) -> float:
        return cat.unit_price(product, tier, interval, self.cur)

    def instant_in_month(self, m: int, days: tuple[int, int], hours: tuple[int, int]) -> int:
        """A random day and hour (drawn in that order) of calendar month m."""
        return self.cal.month_start(m) + self.r.randrange(*days) * DAY + self.r.randrange(*hours) * HOUR

    def discount(self) -> float:
        """A landing discount: none for a share of deals, else uniform in the segment's range."""
        lo_d = self.p["discount"]
        return 0.0 if self.r.random() < lo_d[0] else round(self.r.uniform(lo_d[1], lo_d[2]), 2)
