"""The hidden monthly health of one account: persistent noise, decline episodes, churn decisions.

Health drives everything observable (usage, tickets, surveys, deals). Churn is decided a few
months ahead; most churners then visibly decline, and a champion often walks out on the way.
"""

from __future__ import annotations

import math

from .account import Account
from .billing import Sub
from .timeutil import MONTHS_PER_YEAR


class Health:
    def __init__(self, a: Account):
        self.a = a
        self.q = a.params.health
        self.mu = 0.0  # the account's mean health (drawn when the simulation starts)
        self.z = 0.0
        self.decline = 0.0
        self.decline_left = 0
        self.hist: list[float] = []

    def draw_mean(self):
        lo, hi = self.a.params.account.health_mu_bounds
        p = self.a.p
        self.mu = min(hi, max(lo, self.a.r.gauss(p["mu"], p["mu_sd"])))

    def step(self, m: int) -> float:
        """Health of month m (also written to the chunk's health array)."""
        a, q = self.a, self.q
        r = a.r
        self.z = q.ar * self.z + r.gauss(0.0, q.noise)
        if self.decline_left > 0:
            self.decline = min(q.decline_max, self.decline + q.decline_step)
            self.decline_left -= 1
        else:
            self.decline *= q.decline_recovery
            if r.random() < a.p["decline_hazard"]:
                self.decline_left = r.randrange(*q.decline_months)
                if r.random() < q.champion_left_on_decline:  # a champion walking out often starts the slide
                    self.champion_left(m)
        if r.random() < q.champion_left_monthly:  # an ordinary job change
            self.champion_left(m)
        h = min(q.bounds[1], max(q.bounds[0], self.mu + self.z - self.decline))
        self.hist.append(h)
        a.sim.health[a.k, m] = h
        return h

    def trailing(self) -> float:
        """Mean health of the months before the current one (the current one if it is the first)."""
        hist, w = self.hist, self.q.trailing_months
        return sum(hist[-w - 1 : -1]) / max(1, len(hist[-w - 1 : -1])) if len(hist) > 1 else hist[-1]

    def champion_left(self, m: int):
        a, q = self.a, self.q
        ts = a.instant_in_month(m, q.champion_event_days, q.champion_event_hours)
        a.sim.champion_events.append((a.k, "left", ts))

    def decide_churn(self, sub: Sub, m: int, lead: int | None) -> int | None:
        """Month the account will churn in, when a churn decision is due now and drawn; else None."""
        a, q = self.a, self.q
        r = a.r
        if lead is None:
            return None
        if sub.term_months == 1:
            base = a.p["churn_month"]
        else:
            base = a.p["churn_term"] * (1 + q.churn_term_per_year * (sub.term_months // MONTHS_PER_YEAR - 1))
        recent = self.hist[-q.trailing_months :]  # months up to and including this one
        h_recent = sum(recent) / len(recent)
        if r.random() >= min(q.churn_cap, base * math.exp(q.churn_slope * (q.churn_pivot - h_recent))):
            return None
        if r.random() < q.churn_visible_share:  # the rest churn "out of the blue" (acquisition, budget cut)
            self.decline_left = max(self.decline_left, lead + 1)
            self.decline = max(self.decline, q.churn_decline_floor)
            if r.random() < q.champion_left_on_churn:
                self.champion_left(m)
        return m + lead
