"""Per-account monthly simulation: the single source of truth for every system.

For each account we walk its months once. A hidden health state (`health.py`) drives seat
demand, activation, usage, churn and expansion; every commercial change is written to the
billing change log (`billing.py`, `lifecycle.py`, `changes.py`) with its invoice lines
(`invoices.py`), and the sales side of the same change (CSQL, its stage history, the
opportunity: `deals.py`, `opportunities.py`) is written at the same time, so all systems tell
one coherent story. Per-month state (health, users, usage against plan limits, gate-hit
propensity, ...) is kept in the `ChunkSim` arrays that the vectorised usage and CRM generators
read afterwards.

`AccountSim` only composes the parts and runs the month loop; all of them draw from the
account's one random stream in the loop's order. One Python loop per account-month is fine
here: it is a few microseconds per step and the heavy tables (events, activities) are
generated elsewhere with numpy.
"""

from __future__ import annotations

import math
import random

import numpy as np

from . import catalog as cat
from .account import Account, lognormal
from .accounts import SEGMENTS
from .billing import TOP_TIER, Billing, Item, Sub
from .changes import Changes
from .chunk import ChunkSim, Ids
from .deals import Deals, MonthView
from .health import Health
from .invoices import Invoicer
from .lifecycle import Lifecycle
from .opportunities import OpportunityBook
from .params import DEFAULT, Params
from .team import Team
from .timeutil import DAY, HOUR, MONTHS_PER_YEAR, US, Calendar

LINE_BIT = {line: 1 << i for i, line in enumerate(cat.ADDON_LINES)}


class AccountSim:
    """Simulates one account over the history and appends its rows to a ChunkSim."""

    def __init__(self, a: Account):
        self.a = a
        self.q = a.params.usage
        self.team = Team(a)  # draws the department order
        self.billing = Billing(a)
        self.opps = OpportunityBook(a, self.billing)
        self.deals = Deals(a, self.billing, self.opps)
        self.changes = Changes(a, self.billing)
        self.lifecycle = Lifecycle(a, self.billing, self.opps, self.deals, self.changes, self.team)
        self.health = Health(a)
        # drawn once in begin()
        self.demand_growth = 0.0  # annual log-growth of seat demand
        self.gate_prop = 0.0  # appetite for premium features
        self.interest_rate: list[float] = []  # cross-sell interest build-up per add-on line
        self.seg_now = a.seg_idx  # segment index as the account grows
        self.start = 0  # instant of the first landing
        # usage-side state, carried from month to month
        self.demand = 0.0
        self.users_prev = 0.0
        self.act_prev = 0.0
        self.share_prev = 0.0  # last month's active-user share as the warehouse sees it
        self.hot = {"usage80": 0, "auto90": 0}
        self.interest = [0.0] * len(cat.ADDON_LINES)

    def run(self):
        a = self.a
        land = self.begin()
        if land is None:
            return
        sub: Sub | None = None
        churned_at_m = None
        for m in range(land, a.M):
            h_prev = self.health.hist[-1] if self.health.hist else 0.0
            self.deals.activated = self.deals.is_activated(m, h_prev, self.share_prev)
            h = self.health.step(m)
            h3 = self.health.trailing()
            lc = self.lifecycle
            if sub is not None and sub.status == "active" and lc.churn_plan is None:
                lc.churn_plan = self.health.decide_churn(sub, m, lc.churn_lead(sub, m))
            # ---- subscription lifecycle at the billing anchor of month m
            if sub is None and m == land:
                sub, self.demand = lc.land(m, reactivation=False)
                self.deals.open_vectors.clear()
            elif sub is None and churned_at_m is not None and self.may_reactivate(m - churned_at_m, h):
                sub, self.demand = lc.land(m, reactivation=True)
                churned_at_m = None
            if sub is not None:
                sub = lc.step(sub, m, h, h3)
                if sub is None:
                    churned_at_m = m
                    self.deals.clear()
            core = sub.items.get("platform") if sub is not None else None
            if sub is None or core is None:
                self.team.deactivate_all(m)
                continue
            self.month(sub, core, m, h, land)
        self.lifecycle.has_overdue = Invoicer(a).flush(self.billing.lines)
        if sub is not None:
            self.lifecycle.finish(sub)
        self.team.flush()

    def begin(self) -> int | None:
        """Per-account draws, then the landing month (None when the account never lands)."""
        a, qa = self.a, self.a.params.account
        r, sim, k = a.r, a.sim, a.k
        land = int(a.ms.land_month[a.g])
        a.off = (
            r.randrange(0, qa.anchor_day_max) * DAY
            + r.randrange(*qa.anchor_hours) * HOUR
            + r.randrange(0, HOUR // US) * US
        )
        self.health.draw_mean()
        self.demand_growth = r.gauss(a.p["growth"], a.p["growth_sd"])
        a.ipu = lognormal(r, *qa.api_units_per_user)
        self.gate_prop = lognormal(r, *qa.gate_appetite)
        self.interest_rate = [
            r.random() ** qa.interest_rate_power * qa.interest_rate_max for _ in cat.ADDON_LINES
        ]
        self.seg_now = a.seg_idx
        sim.segment[k, :] = a.seg_idx
        if land >= a.M:
            return None
        if a.parent_alive is not None:
            # A business unit signs while its parent is a customer (first such month from the plan).
            ok = np.flatnonzero(a.parent_alive[land:])
            if len(ok):
                land += int(ok[0])
            if land >= a.M:
                return None
        if a.t(land) >= a.cal.end_us:  # would sign after the as-of day
            return None
        a.cust = a.ids.next("cus")
        sim.customer_id[k] = a.cust
        self.start = a.t(land)
        created = self.start - r.randrange(*qa.customer_created_hours) * HOUR
        sim.rows["customers"].add(a.cust, a.acc, a.cur, created)
        return land

    def may_reactivate(self, gap: int, h: float) -> bool:
        qh = self.a.params.health
        lo, hi = qh.reactivation_gap
        return (
            lo <= gap <= hi and h > qh.reactivation_min_health and self.a.r.random() < qh.reactivation_hazard
        )

    def month(self, sub: Sub, core: Item, m: int, h: float, land: int):
        """Usage-side state of calendar month m, its metered billing, then its leading signals."""
        a, q = self.a, self.q
        r, sim, k = a.r, a.sim, a.k
        sim.alive[k, m] = True
        # Seat demand grows with the account's own growth rate, faster when healthy.
        g = (
            self.demand_growth / MONTHS_PER_YEAR
            + q.demand_health_slope * (h - a.p["mu"])
            + r.gauss(0.0, q.demand_noise)
        )
        self.demand = demand = max(1.0, self.demand * math.exp(g))
        sim.growth[k, m] = g
        cap = self.billing.seat_cap(core)
        users = min(demand, cap)
        act = min(
            1.0,
            max(
                q.activation_floor,
                q.activation_base + q.activation_slope * h + r.gauss(0.0, q.activation_noise),
            ),
        )
        if demand >= q.saturation * cap:
            act = max(
                act, min(1.0, q.saturated_base + q.saturated_slope * h + r.gauss(0.0, q.saturated_noise))
            )
        invites = self.team.sync(m, int(round(users)), self.start if m == land else None)
        active = users * act
        sim.users[k, m] = users
        sim.act[k, m] = act
        sim.tier[k, m] = cat.TIERS[core.tier]
        owned = 0
        for line in sub.items:
            owned |= LINE_BIT.get(line, 0)
        sim.owned[k, m] = owned
        u_plat, lim, auto = self.meter(sub, core, m, h, active)
        tier_rank = cat.TIERS[core.tier]
        sim.gate[k, m] = (
            self.gate_prop * math.sqrt(max(active, 1.0)) * (q.gate_health_offset + h) * (tier_rank < TOP_TIER)
        )
        for i, line in enumerate(cat.ADDON_LINES):
            if line in sub.items:
                self.interest[i] = 0.0
            else:
                boost = 1 + q.interest_growth_boost * max(g, 0)
                self.interest[i] = q.interest_decay * self.interest[i] + self.interest_rate[i] * h * boost
        sim.interest[k, :] = self.interest
        self.adopt_core(m, h)
        if sim.onboarded_us[k] < 0 and m > land:
            lo, hi = a.p["onboarding_days"]
            when = self.start + int(r.uniform(lo, hi) * DAY)
            if when < a.cal.month_start(m + 1) and when < a.cal.end_us:
                sim.onboarded_us[k] = when
        self.maybe_segment_change(sub, m)
        # ---- leading signals -> deals (CSQLs, opportunities, later billing changes)
        qd = a.params.deals
        ratio = u_plat / lim if lim else 0.0
        self.hot["usage80"] = self.hot["usage80"] + 1 if ratio >= qd.hot_usage_ratio else 0
        auto_hot = auto is not None and sim.u_auto[k, m] >= qd.hot_automation_ratio * auto.qty
        self.hot["auto90"] = self.hot["auto90"] + 1 if auto_hot else 0
        self.deals.maybe_promote_champion(m, h)
        view = MonthView(
            m, h, demand, cap, active, self.act_prev * self.users_prev, invites, self.hot, self.interest
        )
        self.deals.signals(sub, core, view)
        self.users_prev, self.act_prev = users, act
        # the share a CSM (and the warehouse's gate) sees: active users per licensed seat on a per-seat
        # plan, per user otherwise
        self.share_prev = active / core.qty if core.model == "per_seat" and core.qty > 0 else act

    def meter(
        self, sub: Sub, core: Item, m: int, h: float, active: float
    ) -> tuple[int, float | None, Item | None]:
        """Metered platform units and automation runs of month m, with overage billing."""
        a, q = self.a, self.q
        r, sim, k = a.r, a.sim, a.k
        season = 1.0 + q.seasonality * math.sin((m % MONTHS_PER_YEAR) / MONTHS_PER_YEAR * 2 * math.pi)
        noise = math.exp(r.gauss(0, q.platform_noise))
        u_plat = int(active * a.ipu * (q.platform_base + q.platform_slope * h) * season * noise)
        sim.u_plat[k, m] = u_plat
        lim = core.limit if core.model != "usage" else core.qty
        sim.l_plat[k, m] = -1 if lim is None else int(lim)
        auto = sub.items.get("automation")
        if auto is not None:
            noise = math.exp(r.gauss(0, q.automation_noise))
            u_auto = int(active * a.auto_ipu * (q.automation_base + q.automation_slope * h) * noise)
            sim.u_auto[k, m] = u_auto
            sim.l_auto[k, m] = int(auto.qty)
            self.billing.bill_overage(sub, auto, m, u_auto)
        if core.model == "usage":
            self.billing.bill_overage(sub, core, m, u_plat)
        return u_plat, lim, auto

    def adopt_core(self, m: int, h: float):
        a, q = self.a, self.q
        adopt = a.sim.core_adopt[a.k]
        speed = a.p["core_adoption_speed"] * (q.adoption_health_offset + h)
        for i in range(len(adopt)):
            if adopt[i] > m and a.r.random() < speed * (1.0 - i * q.adoption_feature_step):
                adopt[i] = m

    def maybe_segment_change(self, sub: Sub, m: int):
        a = self.a
        to_mid, to_ent = self.q.segment_up_arr_usd
        arr_usd = self.billing.mrr(sub) * MONTHS_PER_YEAR * cat.FX_START[a.cur]
        smb, mid, ent = range(len(SEGMENTS))
        if self.seg_now == smb and arr_usd > to_mid:
            self.seg_now = mid
        elif self.seg_now == mid and arr_usd > to_ent:
            self.seg_now = ent
        a.sim.segment[a.k, m:] = self.seg_now


def simulate_chunk(
    master, lo: int, hi: int, cal: Calendar, seed: int, ids: Ids, params: Params = DEFAULT
) -> ChunkSim:
    """Simulate accounts lo..hi-1 (whole families, parents first).

    Each account draws from its own stream (Python's str seeding hashes with SHA-512, so it
    is stable across runs and processes): tuning one segment's behaviour does not reshuffle
    the others, and results do not depend on the chunk size.
    """
    sim = ChunkSim(hi - lo, cal.months)
    for g in range(lo, hi):
        r = random.Random(f"erw-sim:{seed}:{g}")
        parent = int(master.parent[g])
        parent_alive = sim.alive[parent - lo] if parent >= 0 else None
        AccountSim(Account(sim, g - lo, g, master, cal, r, ids, parent_alive, params)).run()
    return sim
