"""Per-account monthly simulation: the single source of truth for every system.

For each account we walk its months once. A hidden health state drives seat demand,
activation, usage, churn and expansion; every commercial change is written to the
billing change log (subscription items) with its invoice lines, and the sales side of
the same change (CSQL, its stage history, the opportunity) is written at the same
time, so all systems tell one coherent story. Per-month state (health, users, usage
against plan limits, gate-hit propensity, ...) is kept in arrays that the vectorised
usage and CRM generators read afterwards.

One Python loop per account-month is fine here: it is a few microseconds per step and
the heavy tables (events, activities) are generated elsewhere with numpy.
"""

from __future__ import annotations

import math
import random

import numpy as np

from . import catalog as cat
from . import names
from .params import ADDON_WEIGHTS, CHURN_HEALTH_SLOPE, HEALTH_AR, HEALTH_NOISE, REACTIVATION_HAZARD, SEGMENT
from .timeutil import DAY, HOUR, US, Calendar, add_business_days

CANCEL_REASONS = (
    "budget_cuts",
    "low_adoption",
    "switched_competitor",
    "consolidated_vendors",
    "company_acquired",
    "missing_features",
)
LOSS_REASONS = ("budget", "timing", "no_decision", "competitor", "price", "champion_left", "not_a_fit")
TRIGGER_VECTOR = {  # trigger -> expansion vector it usually leads to
    "usage_limit_80pct": "tier",
    "seats_90pct_active": "seat",
    "gated_feature_hits": "tier",
    "headcount_growth": "seat",
    "power_user": "tier",
    "renewal_60d_healthy": "cross_sell",
    "dau_wau_growth": "seat",
    "champion_promoted": "cross_sell",
    "readiness_70": "cross_sell",
    "green_health_whitespace": "cross_sell",
    "teammates_invited": "seat",
}
N_CORE = len(cat.CORE_FEATURES)
LINE_BIT = {line: 1 << i for i, line in enumerate(cat.ADDON_LINES)}


class Ids:
    """Sequential ids per prefix; chunks run in order so ids are deterministic."""

    WIDTH = {
        "cus": 7,
        "sub": 8,
        "si": 9,
        "inv": 9,
        "il": 11,
        "usr": 9,
        "opp": 8,
        "csql": 7,
        "con": 8,
        "ms": 8,
    }

    def __init__(self):
        self.count: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        n = self.count.get(prefix, 0) + 1
        self.count[prefix] = n
        return f"{prefix}_{n:0{self.WIDTH[prefix]}d}"


class Rows:
    """Column lists for one output table."""

    def __init__(self, columns):
        self.cols = {c: [] for c in columns}

    def add(self, *values):
        for col, value in zip(self.cols.values(), values, strict=True):
            col.append(value)

    def __len__(self):
        return len(next(iter(self.cols.values())))


class Item:
    __slots__ = (
        "id",
        "line",
        "product",
        "tier",
        "model",
        "qty",
        "price",
        "disc",
        "valid_from",
        "reason",
        "plan_id",
        "limit",
        "included",
    )


class Sub:
    __slots__ = (
        "id",
        "started",
        "term_start_m",
        "term_months",
        "interval",
        "status",
        "items",
        "canceled_at",
        "cancel_reason",
        "auto_renew",
        "trial_end",
        "renewal_opp",
    )


class ChunkSim:
    """Everything the billing simulation of one chunk produced."""

    def __init__(self, n: int, months: int):
        self.n = n
        shape = (n, months)
        self.alive = np.zeros(shape, dtype=bool)  # account has a live (paid or trial) subscription
        self.health = np.zeros(shape)
        self.users = np.zeros(shape)  # provisioned users at month end
        self.act = np.zeros(shape)  # share of provisioned users active in the month
        self.tier = np.zeros(shape, dtype=np.int64)  # core tier rank
        self.owned = np.zeros(shape, dtype=np.int64)  # bitmask of owned add-on lines
        self.u_plat = np.zeros(shape, dtype=np.int64)  # metered platform units in the month
        self.u_auto = np.zeros(shape, dtype=np.int64)  # metered automation units
        self.l_plat = np.full(shape, -1, dtype=np.int64)  # monthly limit (-1 = unlimited / none)
        self.l_auto = np.full(shape, -1, dtype=np.int64)
        self.gate = np.zeros(shape)  # expected feature-gate hits
        self.growth = np.zeros(shape)  # seat-demand growth this month (log)
        self.interest = np.zeros((n, len(cat.ADDON_LINES)))  # latest cross-sell interest per add-on line
        self.core_adopt = np.full((n, N_CORE), 10**6, dtype=np.int64)  # month each core feature is adopted
        self.segment = np.zeros(shape, dtype=np.int64)  # index into SEGMENTS, as of the month
        self.land_us = np.full(n, -1, dtype=np.int64)  # first subscription start (-1 = never)
        self.onboarded_us = np.full(n, -1, dtype=np.int64)
        self.customer_id: list[str | None] = [None] * n
        self.champion_events: list[tuple[int, str, int]] = []  # (local account, "promoted"/"left", ts)
        self.gate_clusters: list[tuple[int, int, int]] = []  # (local account, month, signal ts)
        self.services: list[tuple[int, int]] = []  # (local account, ts) for milestones/activities
        tables = {
            "customers": ("customer_id", "account_id", "currency", "created_at"),
            "subscriptions": (
                "subscription_id",
                "customer_id",
                "status",
                "started_at",
                "current_term_start",
                "current_term_end",
                "term_months",
                "auto_renew",
                "canceled_at",
                "cancel_reason",
            ),
            "subscription_items": (
                "subscription_item_id",
                "subscription_id",
                "customer_id",
                "plan_id",
                "quantity",
                "unit_price",
                "discount_pct",
                "currency",
                "valid_from",
                "valid_to",
                "change_reason",
            ),
            "invoices": (
                "invoice_id",
                "customer_id",
                "status",
                "currency",
                "issued_at",
                "due_at",
                "paid_at",
                "total_amount",
            ),
            "invoice_lines": (
                "invoice_line_id",
                "invoice_id",
                "subscription_id",
                "subscription_item_id",
                "plan_id",
                "line_type",
                "quantity",
                "unit_amount",
                "discount_amount",
                "amount",
                "service_period_start",
                "service_period_end",
            ),
            "users": (
                "user_id",
                "account_id",
                "email",
                "department",
                "role",
                "created_at",
                "deactivated_at",
                "invited_by_user_id",
                "_local",
                "_factor",
                "_invited_at",
                "_inviter_seq",
            ),
            "opportunities": (
                "opportunity_id",
                "account_id",
                "opportunity_type",
                "expansion_type",
                "source",
                "amount_arr",
                "currency",
                "stage",
                "created_at",
                "closed_at",
                "is_closed",
                "is_won",
                "loss_reason",
                "csql_id",
            ),
            "csqls": ("csql_id", "account_id", "trigger_key", "signal_at", "created_at", "owner_id"),
            "csql_stage_history": ("csql_id", "stage", "entered_at"),
        }
        self.rows = {name: Rows(cols) for name, cols in tables.items()}


def _lognormal(r: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * r.gauss(0.0, 1.0))


def _pick(r: random.Random, options):
    """Choose from ((value..., weight), ...) tuples; returns the tuple without its weight."""
    x = r.random() * sum(o[-1] for o in options)
    for o in options:
        x -= o[-1]
        if x < 0:
            return o[:-1]
    return options[-1][:-1]


class AccountSim:
    """Simulates one account over the history and appends its rows to a ChunkSim."""

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
    ):
        self.sim, self.k, self.g, self.ms, self.cal, self.r, self.ids = sim, local, g, master, cal, r, ids
        self.acc = master.account_id[g]
        self.seg = master.segment[g]
        self.p = SEGMENT[self.seg]
        self.cur = master.currency[g]
        self.M = cal.months
        self.parent_alive = parent_alive
        self.users_live: list[int] = []  # indices into this account's user lists
        self.user_rows: list[list] = []  # [created, deactivated, dept, role, inviter, factor, invited_at]
        self.dept_order = list(range(len(names.DEPARTMENTS)))
        r.shuffle(self.dept_order)
        self.lines: list[tuple] = []  # invoice lines before grouping into invoices
        self.cooldown: dict[str, int] = {}
        self.pending: list[dict] = []  # won deals waiting to be applied in billing
        self.open_vectors: set[str] = set()
        self.headcount_fired = False
        self.churn_plan: int | None = None

    # ------------------------------------------------------------------ helpers
    def t(self, m: int) -> int:
        """Billing anchor instant of month m (same day-of-month and time every month)."""
        return self.cal.month_start(m) + self.off

    def list_price(self, product: str, tier: str, interval: int) -> float:
        return cat.unit_price(product, tier, interval, self.cur)

    def new_item(
        self,
        line: str,
        product: str,
        tier: str,
        qty: float,
        interval: int,
        disc: float,
        valid_from: int,
        reason: str,
        price: float | None = None,
    ) -> Item:
        it = Item()
        it.id = self.ids.next("si")
        it.line, it.product, it.tier = line, product, tier
        model, _, included, limit = cat.PLAN_SPECS[(product, tier)]
        it.model, it.included, it.limit = model, included, limit
        it.qty = float(qty)
        it.price = self.list_price(product, tier, interval) * self.price_factor if price is None else price
        it.price = round(it.price, 2) if it.price >= 1 else round(it.price, 6)
        it.disc = disc
        it.valid_from = valid_from
        it.reason = reason
        it.plan_id = cat.plan_id(product, tier, interval, self.cur)
        return it

    def close_item(self, sub: Sub, it: Item, valid_to: int | None):
        self.sim.rows["subscription_items"].add(
            it.id,
            sub.id,
            self.cust,
            it.plan_id,
            it.qty,
            it.price,
            it.disc,
            self.cur,
            it.valid_from,
            valid_to,
            it.reason,
        )

    def mrr(self, sub: Sub | None) -> float:
        if sub is None:
            return 0.0
        return sum(i.qty * i.price * (1 - i.disc) for i in sub.items.values()) / sub.interval

    def period_bounds(self, sub: Sub, ts: int) -> tuple[int, int]:
        m = int(self.cal.month_index(ts - self.off))
        k = (m - sub.term_start_m) // sub.interval
        start_m = sub.term_start_m + k * sub.interval
        return self.t(start_m), self.t(start_m + sub.interval)

    def add_line(
        self,
        issued: int,
        sub: Sub | None,
        it: Item | None,
        line_type: str,
        qty: float,
        unit_amount: float,
        disc: float,
        sps: int | None,
        spe: int | None,
    ):
        gross = qty * unit_amount
        discount = round(gross * disc, 2)
        amount = round(gross, 2) - discount
        self.lines.append(
            (
                issued,
                sub.id if sub else None,
                it.id if it else None,
                it.plan_id if it else None,
                line_type,
                float(qty),
                round(unit_amount, 6),
                discount,
                round(amount, 2),
                sps,
                spe,
            )
        )

    def change_item(self, sub: Sub, line: str, ts: int, reason: str, **changes) -> Item:
        """Close the current row of an item at ts and open its successor, with prorations.

        Two changes drawn for the same month can come in either order; a change dated before the
        current row took effect applies at that moment instead, so validity intervals never invert.
        """
        old = sub.items[line]
        ts = max(ts, old.valid_from)
        self.close_item(sub, old, ts)
        new = self.new_item(
            line,
            changes.get("product", old.product),
            changes.get("tier", old.tier),
            changes.get("qty", old.qty),
            sub.interval,
            changes.get("disc", old.disc),
            ts,
            reason,
            price=changes.get("price"),
        )
        sub.items[line] = new
        self.prorate(sub, old, new, ts)
        return new

    def prorate(self, sub: Sub, old: Item | None, new: Item | None, ts: int):
        """Credit unused time on the old row and charge the new row up to the period end."""
        ps, pe = self.period_bounds(sub, ts)
        if ts <= ps or sub.status == "trialing":
            return
        frac = (pe - ts) / (pe - ps)
        if old is not None and old.price > 0:
            self.add_line(ts, sub, old, "proration", old.qty, -old.price * frac, old.disc, ts, pe)
        if new is not None and new.price > 0:
            self.add_line(ts, sub, new, "proration", new.qty, new.price * frac, new.disc, ts, pe)

    # ------------------------------------------------------------------ main loop
    def run(self):
        r, p, cal, sim, k = self.r, self.p, self.cal, self.sim, self.k
        ms = self.ms
        land = int(ms.land_month[self.g])
        self.off = r.randrange(0, 28) * DAY + r.randrange(7, 20) * HOUR + r.randrange(0, 3600) * US
        self.price_factor = 1.0
        self.health_mu = min(0.92, max(0.2, r.gauss(p["mu"], p["mu_sd"])))
        self.demand_growth = r.gauss(p["growth"], p["growth_sd"])
        self.ipu = _lognormal(r, 1000.0, 0.75)  # platform API units per active user-month
        self.gate_prop = _lognormal(r, 0.25, 1.0)  # appetite for premium features
        self.interest_rate = [r.random() ** 2 * 0.6 for _ in cat.ADDON_LINES]
        self.interest = [0.0] * len(cat.ADDON_LINES)
        self.seg_idx = ("smb", "mid_market", "enterprise").index(self.seg)
        self.seg_now = self.seg_idx
        sim.segment[k, :] = self.seg_idx
        if land >= self.M:
            return
        if self.parent_alive is not None:
            # A business unit signs while its parent is a customer (first such month from the plan).
            ok = np.flatnonzero(self.parent_alive[land:])
            if len(ok):
                land += int(ok[0])
            if land >= self.M:
                return
        if self.t(land) >= cal.end_us:  # would sign after the as-of day
            return
        self.cust = self.ids.next("cus")
        sim.customer_id[k] = self.cust
        start = self.t(land)
        created = start - r.randrange(1, 72) * HOUR
        sim.rows["customers"].add(self.cust, self.acc, self.cur, created)

        z = 0.0
        decline = 0.0
        decline_left = 0
        h_hist: list[float] = []
        sub: Sub | None = None
        churned_at_m = None
        demand = 0.0
        users_prev = 0.0
        act_prev = 0.0
        hot = {"usage80": 0, "auto90": 0}
        for m in range(land, self.M):
            # ---- latent health: persistent noise, decline episodes, onboarding ramp
            z = HEALTH_AR * z + r.gauss(0.0, HEALTH_NOISE)
            if decline_left > 0:
                decline = min(0.45, decline + 0.07)
                decline_left -= 1
            else:
                decline *= 0.75
                if r.random() < p["decline_hazard"]:
                    decline_left = r.randrange(4, 9)
                    if r.random() < 0.35:  # a champion walking out often starts the slide
                        sim.champion_events.append(
                            (
                                k,
                                "left",
                                cal.month_start(m) + r.randrange(1, 27) * DAY + r.randrange(8, 19) * HOUR,
                            )
                        )
            h = min(0.98, max(0.02, self.health_mu + z - decline))
            h_hist.append(h)
            sim.health[k, m] = h
            h3 = sum(h_hist[-4:-1]) / max(1, len(h_hist[-4:-1])) if len(h_hist) > 1 else h

            # ---- churn is decided a few months ahead; most churners then visibly decline
            if sub is not None and sub.status == "active" and self.churn_plan is None:
                lead = self.churn_lead(sub, m)
                if lead is not None:
                    base = (
                        p["churn_month"]
                        if sub.term_months == 1
                        else p["churn_term"] * (1 + 0.1 * (sub.term_months // 12 - 1))
                    )
                    h_recent = sum(h_hist[-3:]) / len(h_hist[-3:])
                    if r.random() < min(0.95, base * math.exp(CHURN_HEALTH_SLOPE * (0.55 - h_recent))):
                        self.churn_plan = m + lead
                        if r.random() < 0.85:  # the rest churn "out of the blue" (acquisition, budget cut)
                            decline_left = max(decline_left, lead + 1)
                            decline = max(decline, 0.12)
                            if r.random() < 0.3:
                                sim.champion_events.append(
                                    (
                                        k,
                                        "left",
                                        cal.month_start(m)
                                        + r.randrange(1, 27) * DAY
                                        + r.randrange(8, 19) * HOUR,
                                    )
                                )

            # ---- subscription lifecycle at the billing anchor of month m
            if sub is None and m == land:
                sub, demand = self.land(m, reactivation=False)
                self.open_vectors.clear()
            elif sub is None and churned_at_m is not None:
                gap = m - churned_at_m
                if 2 <= gap <= 12 and h > 0.45 and r.random() < REACTIVATION_HAZARD:
                    sub, demand = self.land(m, reactivation=True)
                    churned_at_m = None
            if sub is not None:
                sub = self.step_subscription(sub, m, h, h3)
                if sub is None:
                    churned_at_m = m
                    self.pending.clear()
                    self.open_vectors.clear()

            # ---- usage-side state for calendar month m
            core = sub.items.get("platform") if sub is not None else None
            if sub is None or core is None:
                self.deactivate_all(m)
                sim.health[k, m] = h
                continue
            sim.alive[k, m] = True
            # Seat demand grows with the account's own growth rate, faster when healthy.
            g = self.demand_growth / 12.0 + 0.04 * (h - p["mu"]) + r.gauss(0.0, 0.02)
            demand = max(1.0, demand * math.exp(g))
            sim.growth[k, m] = g
            cap = self.seat_cap(core)
            users = min(demand, cap)
            act = min(1.0, max(0.2, 0.18 + 0.85 * h + r.gauss(0.0, 0.05)))
            if demand >= 0.95 * cap:
                act = max(act, min(1.0, 0.86 + 0.1 * h + r.gauss(0.0, 0.02)))
            invites = self.sync_users(m, int(round(users)), start if m == land else None)
            active = users * act
            sim.users[k, m] = users
            sim.act[k, m] = act
            sim.tier[k, m] = cat.TIERS[core.tier]
            owned = 0
            for line in sub.items:
                owned |= LINE_BIT.get(line, 0)
            sim.owned[k, m] = owned
            # Metered platform units and automation runs
            season = 1.0 + 0.06 * math.sin((m % 12) / 12 * 2 * math.pi)
            u_plat = int(active * self.ipu * (0.55 + 0.8 * h) * season * math.exp(r.gauss(0, 0.08)))
            sim.u_plat[k, m] = u_plat
            lim = core.limit if core.model != "usage" else core.qty
            sim.l_plat[k, m] = -1 if lim is None else int(lim)
            auto = sub.items.get("automation")
            if auto is not None:
                u_auto = int(active * self.auto_ipu * (0.5 + 0.9 * h) * math.exp(r.gauss(0, 0.1)))
                sim.u_auto[k, m] = u_auto
                sim.l_auto[k, m] = int(auto.qty)
                self.bill_overage(sub, auto, m, u_auto)
            if core.model == "usage":
                self.bill_overage(sub, core, m, u_plat)
            tier_rank = cat.TIERS[core.tier]
            sim.gate[k, m] = self.gate_prop * math.sqrt(max(active, 1.0)) * (0.4 + h) * (tier_rank < 4)
            for i, line in enumerate(cat.ADDON_LINES):
                if line in sub.items:
                    self.interest[i] = 0.0
                else:
                    self.interest[i] = 0.85 * self.interest[i] + self.interest_rate[i] * h * (
                        1 + 2 * max(g, 0)
                    )
            sim.interest[k, :] = self.interest
            self.adopt_core(m, h, land)
            if self.sim.onboarded_us[k] < 0 and m > land:
                lo, hi = p["onboarding_days"]
                when = start + int(r.uniform(lo, hi) * DAY)
                if when < cal.month_start(m + 1) and when < cal.end_us:
                    sim.onboarded_us[k] = when
            self.maybe_segment_change(sub, m)

            # ---- leading signals -> deals (CSQLs, opportunities, later billing changes)
            ratio = u_plat / lim if lim else 0.0
            hot["usage80"] = hot["usage80"] + 1 if ratio >= 0.8 else 0
            hot["auto90"] = (
                hot["auto90"] + 1 if auto is not None and sim.u_auto[k, m] >= 0.9 * auto.qty else 0
            )
            self.promoted_at = None
            if self.seg != "smb" and r.random() < 0.004 + 0.01 * max(0.0, h - 0.6):
                self.champion_promotion(m)
            self.signals(
                sub, core, m, h, demand, cap, users, users_prev, active, act_prev * users_prev, invites, hot
            )
            users_prev, act_prev = users, act

        self.flush_invoices()
        if sub is not None:
            self.finish(sub)
        self.flush_users()

    # ------------------------------------------------------------------ landing and terms
    def land(self, m: int, reactivation: bool) -> tuple[Sub, float]:
        r, p, sim, k = self.r, self.p, self.sim, self.k
        start = self.t(m)
        self.paid_m = m + 1
        if self.sim.land_us[k] < 0:
            sim.land_us[k] = start
        term, interval = _pick(r, p["terms"])
        model, tier = _pick(r, p["core"])
        sub = Sub()
        sub.id = self.ids.next("sub")
        sub.started = start
        sub.term_start_m = m
        sub.term_months, sub.interval = term, interval
        sub.status = "active"
        sub.items = {}
        sub.canceled_at = None
        sub.cancel_reason = None
        sub.auto_renew = r.random() < (0.9 if term == 1 else 0.75)
        sub.trial_end = None
        sub.renewal_opp = None
        reason = "reactivation" if reactivation else "new"
        lo_d = p["discount"]
        disc = 0.0 if r.random() < lo_d[0] else round(r.uniform(lo_d[1], lo_d[2]), 2)
        if model == "per_seat":
            med, sd, lo, hi = p["seats"]
            seats = int(min(hi, max(lo, _lognormal(r, med, sd))))
            if reactivation:
                seats = max(lo, int(seats * 0.7))
            product, qty = "prod_platform", seats
            demand = seats * r.uniform(0.7, 0.95)
        elif model == "flat":
            product, qty = "prod_platform", 1
            demand = r.uniform(3.0, 8.5)
        else:
            product = "prod_platform_usage"
            qty = cat.PLAN_SPECS[(product, tier)][3]
            med, sd, lo, hi = p["seats"]
            demand = min(hi, max(lo, _lognormal(r, med, sd))) * 0.8
            # usage per user is set so the landing month uses 50-90% of the commitment
            self.ipu = qty * r.uniform(0.5, 0.9) / (demand * 0.75 * 1.05)
        trial = not reactivation and model != "usage" and r.random() < p["trial"]
        if trial:
            # 30-day free trial at price 0; converts (or lapses) at the next month's anchor.
            sub.status = "trialing"
            sub.trial_end = self.t(m + 1)
            core = self.new_item("platform", product, tier, qty, interval, 0.0, start, "new", price=0.0)
        else:
            core = self.new_item("platform", product, tier, qty, interval, disc, start, reason)
        sub.items["platform"] = core
        n_addons = 0
        if not trial and r.random() < p["addon_at_land"]:
            n_addons = 2 if (self.seg == "enterprise" and r.random() < 0.3) else 1
        for line in self.addon_choices(n_addons, sub):
            sub.items[line] = self.addon_item(line, sub, demand, start, reason, disc)
        if not trial and r.random() < 0.04 and "connect" not in sub.items:
            # A free add-on thrown into the deal (100% discount).
            sub.items["connect"] = self.new_item(
                "connect", "prod_connect", "starter", 1, interval, 1.0, start, reason
            )
        self.auto_ipu = _lognormal(self.r, 120.0, 0.5)
        if "automation" in sub.items:
            self.auto_ipu = sub.items["automation"].qty * r.uniform(0.4, 0.8) / max(1.0, demand * 0.75)
        # New business (or reactivation) opportunity closing at the start of the subscription.
        if not trial:
            self.paid_m = m
            self.won_new_business(sub, start, reactivation)
            self.bill_recurring(sub, m, first=True)
            if self.seg != "smb" and r.random() < 0.6 or self.seg == "smb" and r.random() < 0.08:
                fee = {"smb": 500.0, "mid_market": 3000.0, "enterprise": 15000.0}[self.seg]
                fee = round(fee * r.uniform(0.6, 1.6) * cat.PRICE_BOOK[self.cur], -1)
                self.lines.append((start, sub.id, None, None, "one_time", 1.0, fee, 0.0, fee, None, None))
            if sub.term_months == 1 and self.seg == "smb" and not reactivation and r.random() < 0.02:
                # Landed and left within the same month.
                day = self.off // DAY
                if day <= 12:
                    cancel = start + r.randrange(3, 12) * DAY
                    for it in list(sub.items.values()):
                        self.close_item(sub, it, cancel)
                    sub.items = {}
                    sub.status, sub.canceled_at, sub.cancel_reason = "canceled", cancel, "not_a_fit"
                    self.write_sub(sub)
                    return None, demand
        else:
            self.trial_opp = self.ids.next("opp")
        self.schedule_renewal_opp(sub)
        return sub, demand

    def addon_choices(self, n: int, sub: Sub) -> list[str]:
        choices = []
        options = [(line, w) for line, w in ADDON_WEIGHTS.items() if line not in sub.items]
        for _ in range(n):
            if not options:
                break
            (line,) = _pick(self.r, options)
            choices.append(line)
            options = [o for o in options if o[0] != line]
        return choices

    def addon_item(self, line: str, sub: Sub, demand: float, ts: int, reason: str, disc: float) -> Item:
        product, tier, qty = self.addon_spec(line, sub, demand)
        return self.new_item(line, product, tier, qty, sub.interval, disc, ts, reason)

    def addon_spec(self, line: str, sub: Sub, demand: float) -> tuple[str, str, float]:
        product = cat.LINE_PRODUCT[line]
        tier = self.p["addon_tier"]
        if line == "governance":
            tier = "enterprise" if self.seg == "enterprise" and self.r.random() < 0.5 else "business"
            core = sub.items.get("platform")
            qty = core.qty if core is not None and core.model == "per_seat" else max(10, int(demand))
        elif line == "automation":
            qty = cat.PLAN_SPECS[(product, tier)][3]
        else:
            if line == "connect" and tier == "enterprise":
                tier = "business"
            qty = 1
        return product, tier, float(qty)

    def seat_cap(self, core: Item) -> float:
        if core.model == "per_seat":
            return core.qty
        if core.model == "flat":
            return float(core.included) if core.included else 1e9
        return 1e9

    def step_subscription(self, sub: Sub, m: int, h: float, h3: float) -> Sub | None:
        """Trial conversion, term end (renew / churn), recurring billing and won deals for month m."""
        r, cal = self.r, self.cal
        t = self.t(m)
        if t >= cal.end_us:
            return sub
        if sub.status == "trialing" and sub.trial_end is not None and sub.trial_end <= t:
            if r.random() < 0.7 or self.parent_alive is not None:
                sub.status = "active"
                core = sub.items["platform"]
                lo_d = self.p["discount"]
                disc = 0.0 if r.random() < lo_d[0] else round(r.uniform(lo_d[1], lo_d[2]), 2)
                self.close_item(sub, core, t)
                sub.items["platform"] = self.new_item(
                    "platform", core.product, core.tier, core.qty, sub.interval, disc, t, "price_change"
                )
                sub.term_start_m = m
                self.paid_m = m
                self.won_new_business(sub, t, False, opp_id=self.trial_opp)
                self.bill_recurring(sub, m, first=True)
                self.schedule_renewal_opp(sub)
            else:
                for it in list(sub.items.values()):
                    self.close_item(sub, it, t)
                sub.status, sub.canceled_at, sub.cancel_reason = "canceled", t, "trial_expired"
                self.lost_new_business(t, self.trial_opp)
                sub.items = {}
                self.write_sub(sub)
                return None
            return sub
        if sub.status == "trialing":
            return sub
        end_m = sub.term_start_m + sub.term_months
        if m == end_m or self.churn_plan == m:
            if self.churn_plan is not None and self.churn_plan <= m:
                self.churn_plan = None
                self.churn(sub, m, h3)
                return None
            self.renew(sub, m, h, h3)
        # Recurring charges at each billing-period start inside the term.
        if (m - sub.term_start_m) % sub.interval == 0 and m != sub.term_start_m or m == end_m:
            self.bill_recurring(sub, m)
        # Won deals whose billing change falls in this sim-month.
        due = [d for d in self.pending if d["exec"] < self.t(m + 1)]
        for d in due:
            self.pending.remove(d)
            if d["exec"] < cal.end_us:
                self.apply_deal(sub, d)
        self.organic_changes(sub, m, h)
        return sub

    def churn_lead(self, sub: Sub, m: int) -> int | None:
        """Months between the churn decision and the churn, if a decision is due in month m.

        The lead is long enough for the decline to show in usage, tickets and surveys well
        before the last 90 days (that is what the downstream calibration measures).
        """
        if sub.term_months == 1:
            return 4 + (self.r.random() < 0.5)
        end_m = sub.term_start_m + sub.term_months
        return 5 if end_m - m == 5 else None

    def renew(self, sub: Sub, m: int, h: float, h3: float):
        r, p = self.r, self.p
        t = self.t(m)
        sub.term_start_m = m
        contracted = False
        if sub.term_months > 1:
            core = sub.items.get("platform")
            users = self.sim.users[self.k, m - 1] if m > 0 else 0.0
            act = self.sim.act[self.k, m - 1] if m > 0 else 1.0
            uplift = r.random() < p["uplift_share"] and h3 > 0.45
            factor = 1.0 + (round(r.uniform(0.03, 0.10), 3) if uplift else 0.0)
            if uplift:
                self.price_factor *= factor
            for line, it in list(sub.items.items()):
                reason, qty, tier, price = "renewal", it.qty, it.tier, it.price
                if uplift and it.price > 0:
                    reason, price = "price_change", it.price * factor
                if (
                    it is core
                    and core.model == "per_seat"
                    and users * act < (0.5 if h3 >= 0.6 else 0.7) * core.qty
                ):
                    # Right-size unused seats at renewal.
                    new_qty = max(core.included or 1, int(math.ceil(users * act * r.uniform(1.1, 1.3))))
                    if new_qty < core.qty:
                        reason, qty, contracted = "seat_decrease", float(new_qty), True
                elif it is not core and h3 < 0.42 and r.random() < 0.5 and it.price > 0 and not contracted:
                    # Drop an add-on that is not used (the row just ends).
                    self.close_item(sub, it, t)
                    del sub.items[line]
                    contracted = True
                    continue
                elif it is core and h3 < 0.38 and r.random() < 0.35 and cat.TIERS[core.tier] > 1:
                    lower = self.lower_tier(core)
                    if lower is not None:
                        reason, tier, contracted = "downgrade", lower, True
                        price = self.list_price(it.product, tier, sub.interval) * self.price_factor
                        if core.model == "usage":
                            qty = float(cat.PLAN_SPECS[(core.product, tier)][3])
                self.close_item(sub, it, t)
                sub.items[line] = self.new_item(
                    line, it.product, tier, qty, sub.interval, it.disc, t, reason, price=price
                )
        self.close_renewal_opp(sub, t, won=True)
        self.schedule_renewal_opp(sub)

    def lower_tier(self, it: Item) -> str | None:
        rank = cat.TIERS[it.tier] - 1
        while rank >= 1:
            tier = cat.TIER_NAMES[rank]
            if (it.product, tier) in cat.PLAN_SPECS and cat.PLAN_SPECS[(it.product, tier)][0] == it.model:
                return tier
            rank -= 1
        return None

    def churn(self, sub: Sub, m: int, h3: float):
        r = self.r
        t = self.t(m)
        notice = (r.randrange(2, 12) if sub.term_months == 1 else r.randrange(10, 75)) * DAY
        sub.canceled_at = max(t - notice, sub.started + HOUR, self.last_change(sub) + HOUR)
        sub.cancel_reason = (
            CANCEL_REASONS[r.randrange(len(CANCEL_REASONS))]
            if h3 > 0.3 or r.random() < 0.5
            else ("low_adoption" if r.random() < 0.6 else "payment_failed")
        )
        for it in list(sub.items.values()):
            self.close_item(sub, it, t)
        sub.items = {}
        sub.status = "canceled"
        self.close_renewal_opp(sub, t, won=False)
        self.write_sub(sub)
        self.deactivate_all(m, at=t)

    def last_change(self, sub: Sub) -> int:
        return max(it.valid_from for it in sub.items.values()) if sub.items else sub.started

    def write_sub(self, sub: Sub):
        term_start = self.t(sub.term_start_m)
        term_end = self.t(sub.term_start_m + sub.term_months)
        if sub.cancel_reason in ("not_a_fit", "trial_expired") or sub.status == "trialing":
            term_start, term_end = sub.started, sub.trial_end or sub.canceled_at
        self.sim.rows["subscriptions"].add(
            sub.id,
            self.cust,
            sub.status,
            sub.started,
            term_start,
            term_end,
            sub.term_months,
            sub.auto_renew,
            sub.canceled_at,
            sub.cancel_reason,
        )

    def finish(self, sub: Sub):
        """Close out the subscription that is still live at as-of (open rows, pending cancellations)."""
        r, cal = self.r, self.cal
        end_m = sub.term_start_m + sub.term_months
        term_end = self.t(end_m)
        valid_to = None
        if sub.status == "active" and self.churn_plan is not None and self.t(self.churn_plan) == term_end:
            notice = term_end - (r.randrange(30, 60) if sub.term_months > 1 else r.randrange(2, 12)) * DAY
            if notice < cal.end_us and notice > self.last_change(sub):
                # Cancellation already requested, effective at the term end after as-of.
                sub.canceled_at, sub.cancel_reason = notice, CANCEL_REASONS[r.randrange(len(CANCEL_REASONS))]
                sub.auto_renew = False
                valid_to = term_end
        if sub.status == "active" and self.has_overdue:
            sub.status = "past_due"
        for it in sub.items.values():
            self.close_item(sub, it, valid_to)
        self.write_sub(sub)
        self.finish_renewal_opp(sub)

    # ------------------------------------------------------------------ billing
    def bill_recurring(self, sub: Sub, m: int, first: bool = False):
        t = self.t(m)
        if t >= self.cal.end_us:
            return
        pe = self.t(m + sub.interval)
        for it in sub.items.values():
            if it.valid_from > t:
                continue
            self.add_line(t, sub, it, "recurring", it.qty, it.price, it.disc, t, pe)

    def bill_overage(self, sub: Sub, it: Item, m: int, units: int):
        """Usage above the committed monthly units, invoiced in arrears on the 1st of the next month."""
        limit = int(it.qty)
        issued = self.cal.month_start(m + 1) + 3 * HOUR + self.r.randrange(0, 3600) * US
        if units <= limit or issued >= self.cal.end_us:
            return
        rate = it.price / sub.interval * cat.OVERAGE_MARKUP
        self.add_line(
            issued,
            sub,
            it,
            "usage",
            float(units - limit),
            rate,
            0.0,
            self.cal.month_start(m),
            self.cal.month_start(m + 1),
        )

    def flush_invoices(self):
        """Group the account's lines into invoices (one per issue instant) and settle them."""
        if not self.lines:
            self.has_overdue = False
            return
        r, cal, sim, k = self.r, self.cal, self.sim, self.k
        inv_rows, line_rows = sim.rows["invoices"], sim.rows["invoice_lines"]
        tax_rate = {"EUR": 0.20, "GBP": 0.20, "AUD": 0.10, "CAD": 0.05}.get(self.cur, 0.0)
        if self.cur == "USD" and r.random() < 0.4:
            tax_rate = 0.07
        lo_net = self.p["net_days"]
        self.lines.sort(key=lambda x: (x[0], x[4] == "one_time"))
        groups: list[list[tuple]] = []
        for ln in self.lines:
            if groups and groups[-1][0][0] == ln[0]:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        overdue = False
        for grp in groups:
            issued = grp[0][0]
            month = int(cal.month_index(issued))
            h = sim.health[k, min(max(month, 0), self.M - 1)]
            recurring = sum(x[8] for x in grp if x[4] == "recurring")
            if recurring > 0 and r.random() < 0.03:  # service credit for an incident
                credit = -round(recurring * r.uniform(0.03, 0.12), 2)
                grp.append((issued, grp[0][1], None, None, "credit", 1.0, credit, 0.0, credit, None, None))
            taxable = sum(x[8] for x in grp)
            if tax_rate and taxable > 0:
                tax = round(taxable * tax_rate, 2)
                grp.append((issued, None, None, None, "tax", 1.0, tax, 0.0, tax, None, None))
            total = round(sum(x[8] for x in grp), 2)
            net = lo_net[r.randrange(len(lo_net))] if total > 0 else 0
            due = issued + net * DAY
            void = r.random() < 0.02
            versions = [("void", issued)] if void else []
            versions.append(("final", issued + (r.randrange(1, 4) * DAY if void else 0)))
            for kind, at in versions:
                if at >= cal.end_us:
                    continue
                inv_id = self.ids.next("inv")
                if kind == "void":
                    status, paid = "void", None
                else:
                    status, paid = self.settle(at, due + (at - issued), total, h)
                    if status == "open" and due + (at - issued) < cal.end_us - 3 * DAY:
                        overdue = True
                inv_rows.add(inv_id, self.cust, status, self.cur, at, due + (at - issued), paid, total)
                for x in grp:
                    line_rows.add(
                        self.ids.next("il"),
                        inv_id,
                        x[1],
                        x[2],
                        x[3],
                        x[4],
                        x[5],
                        x[6],
                        x[7],
                        x[8],
                        x[9],
                        x[10],
                    )
        self.has_overdue = overdue and sim.alive[k, self.M - 1]

    def settle(self, issued: int, due: int, total: float, h: float) -> tuple[str, int | None]:
        r, cal = self.r, self.cal
        if total <= 0:
            return "paid", issued
        age = cal.end_us - issued
        trouble = h < 0.35 and r.random() < 0.35 or r.random() < 0.01
        if trouble:
            # Payment failure: still open if recent, written off when old.
            return ("open", None) if age < 100 * DAY else ("uncollectible", None)
        lag = int(r.uniform(0.0, 1.0) * max(due - issued, 2 * DAY) * 1.2)
        paid = issued + lag + r.randrange(1, 20) * HOUR
        if paid >= cal.end_us:
            return "open", None
        return "paid", paid

    # ------------------------------------------------------------------ expansion and contraction
    def organic_changes(self, sub: Sub, m: int, h: float):
        """Self-serve seat moves and the occasional mid-term downgrade."""
        r = self.r
        core = sub.items.get("platform")
        if core is None or m < self.paid_m + 3:
            return
        users = self.sim.users[self.k, m - 1]
        act = self.sim.act[self.k, m - 1]
        ts = self.t(m) + r.randrange(2, 26) * DAY + r.randrange(0, 8) * HOUR
        if ts >= self.cal.end_us:
            return
        if (
            core.model == "per_seat"
            and sub.interval == 1
            and users * act < 0.5 * core.qty
            and h < 0.5
            and r.random() < 0.25
        ):
            new_qty = max(core.included or 1, int(math.ceil(users * act * 1.1)))
            if new_qty < core.qty:
                self.change_item(sub, "platform", ts, "seat_decrease", qty=float(new_qty))
        elif h < 0.3 and r.random() < 0.03 and cat.TIERS[core.tier] > 2:
            tier = self.lower_tier(core)
            if tier is not None:
                qty = cat.PLAN_SPECS[(core.product, tier)][3] if core.model == "usage" else core.qty
                self.change_item(sub, "platform", ts, "downgrade", tier=tier, qty=qty)

    def signals(
        self,
        sub: Sub,
        core: Item,
        m: int,
        h: float,
        demand: float,
        cap: float,
        users: float,
        users_prev: float,
        active: float,
        active_prev: float,
        invites: list[int],
        hot: dict,
    ):
        """Detect leading signals in month m and open deals that may close into billing changes."""
        r, cal, sim, k = self.r, self.cal, self.sim, self.k
        close_ts = cal.month_start(m + 1) + 6 * HOUR  # month-level signals are seen at the next month close
        if sub.status != "active":
            return
        # What the account really needs right now (these make a deal likely to be won).
        seat_real = cap < 1e8 and demand >= 0.9 * cap
        usage_ratio = sim.u_plat[k, m] / core.qty if core.model == "usage" else 0.0
        tier_real = (hot["usage80"] >= 2 and core.model != "usage") or (core.model == "flat" and seat_real)
        gate_now = False
        if (
            cat.TIERS[core.tier] < 4
            and core.model != "usage"
            and r.random() < min(0.2, 0.01 * sim.gate[k, m])
        ):
            # Three gate hits inside ten days (planted in the events) mark a real upgrade need.
            gate_ts = cal.month_start(m) + r.randrange(9, 26) * DAY + r.randrange(8, 20) * HOUR
            if gate_ts < cal.end_us:
                sim.gate_clusters.append((k, m, gate_ts))
                gate_now = tier_real = True
        best = max(range(len(self.interest)), key=lambda i: self.interest[i])
        best_line = cat.ADDON_LINES[best]
        cross_real = self.interest[best] > 1.2 and best_line not in sub.items
        if seat_real:
            need = "seat"
        elif tier_real:
            need = "tier"
        elif cross_real:
            need = "cross_sell:" + best_line
        else:
            need = None
        fallback = "cross_sell:" + best_line if best_line not in sub.items else "seat"
        candidates: list[tuple[str, str, int, bool]] = []  # (trigger, vector, signal_at, real need)
        if seat_real:
            if len(invites) >= 3:
                candidates.append(("teammates_invited", "seat", invites[2], True))
            candidates.append(("seats_90pct_active", "seat", close_ts, True))
        if hot["usage80"] >= 2:
            if core.model != "usage":
                candidates.append(("usage_limit_80pct", "tier", close_ts, True))
            else:
                candidates.append(("usage_limit_80pct", "usage", close_ts, usage_ratio >= 1.05))
        if hot["auto90"] >= 2:
            auto = sub.items["automation"]
            candidates.append(
                ("usage_limit_80pct", "usage_auto", close_ts, sim.u_auto[k, m] >= 1.05 * auto.qty)
            )
        if gate_now:
            candidates.append(("gated_feature_hits", "tier", gate_ts, True))
        if self.interest[best] > 1.2 and h > 0.6 and best_line not in sub.items:
            if h > 0.72 and m >= 6 and min(sim.health[k, m - 5 : m + 1]) > 0.7:
                candidates.append(("green_health_whitespace", "cross_sell:" + best_line, close_ts, True))
            else:
                candidates.append(("readiness_70", "cross_sell:" + best_line, close_ts, True))
        if active_prev >= 5 and active >= 1.2 * active_prev:
            candidates.append(("dau_wau_growth", need or fallback, close_ts, need is not None))
        term_end = self.t(sub.term_start_m + sub.term_months)
        if sub.term_months > 1 and 0 < term_end - cal.month_start(m + 1) <= 60 * DAY and h >= 0.7:
            ts = term_end - 60 * DAY + 6 * HOUR
            if cal.month_start(m) <= ts < cal.end_us:
                candidates.append(("renewal_60d_healthy", need or fallback, ts, need is not None))
        if not self.headcount_fired and m >= 12 and self.ms.emp_growth[self.g] >= 0.19:
            # Headcount up 20%+ year over year in the CRM snapshots.
            self.headcount_fired = True
            candidates.append(
                ("headcount_growth", need or fallback, cal.month_start(m) + 9 * HOUR, need is not None)
            )
        if self.promoted_at is not None:
            candidates.append(("champion_promoted", need or fallback, self.promoted_at, need is not None))
        if h > 0.75 and r.random() < 0.02:
            candidates.append(("power_user", need or fallback, close_ts, need is not None))
        for trigger, vector, ts, real in candidates:
            if ts >= cal.end_us or self.cooldown.get(trigger, -99) > m:
                continue
            base_vec = vector.split(":")[0].replace("_auto", "")
            if base_vec in self.open_vectors:
                continue
            if r.random() > (0.5 if real else 0.2) * (0.4 + h):
                continue
            self.cooldown[trigger] = m + 3
            self.open_deal(sub, core, m, h, trigger, vector, ts, real, demand, cap)

    def champion_promotion(self, m: int):
        ts = self.cal.month_start(m) + self.r.randrange(1, 27) * DAY + self.r.randrange(8, 18) * HOUR
        if ts >= self.cal.end_us:
            return
        self.sim.champion_events.append((self.k, "promoted", ts))
        self.promoted_at = ts

    def deal_change(self, sub: Sub, core: Item, vector: str, demand: float, real: bool) -> dict | None:
        """Concrete billing change a deal would make, with its ARR delta (customer currency)."""
        r = self.r
        if vector == "seat":
            if core.model == "flat":
                vector = "tier"
            elif core.model == "per_seat":
                if real:
                    qty = float(max(core.qty + 1, math.ceil(demand * r.uniform(1.05, 1.2))))
                else:  # a speculative ask: a few more seats
                    qty = float(max(core.qty + 1, math.ceil(core.qty * r.uniform(1.03, 1.08))))
                return {
                    "kind": "seat",
                    "qty": qty,
                    "arr": (qty - core.qty) * core.price * (1 - core.disc) * 12 / sub.interval,
                }
            else:
                vector = "usage"
        if vector == "tier":
            if core.model == "usage":
                vector = "usage"
            else:
                rank = cat.TIERS[core.tier] + 1
                if rank > 4:
                    return None
                tier = cat.TIER_NAMES[rank]
                model = cat.PLAN_SPECS[("prod_platform", tier)][0]
                qty = (
                    core.qty
                    if core.model == "per_seat"
                    else float(max(cat.PLAN_SPECS[("prod_platform", tier)][2], math.ceil(demand * 1.1)))
                )
                price = self.list_price("prod_platform", tier, sub.interval) * self.price_factor
                arr = (
                    qty * price * (1 - core.disc) * 12 / sub.interval
                    - core.qty * core.price * (1 - core.disc) * 12 / sub.interval
                )
                return {"kind": "tier", "tier": tier, "qty": qty, "model": model, "arr": arr}
        if vector in ("usage", "usage_auto"):
            line = "platform" if vector == "usage" else "automation"
            it = sub.items.get(line)
            if it is None or cat.TIERS[it.tier] >= 4:
                return None
            tier = cat.TIER_NAMES[cat.TIERS[it.tier] + 1]
            qty = cat.PLAN_SPECS[(it.product, tier)][3]
            price = self.list_price(it.product, tier, sub.interval) * self.price_factor
            arr = (qty * price - it.qty * it.price) * (1 - it.disc) * 12 / sub.interval
            return {"kind": "usage", "line": line, "tier": tier, "qty": float(qty), "arr": arr}
        if vector.startswith("cross_sell"):
            line = vector.split(":")[1]
            if line in sub.items:
                return None
            product, tier, qty = self.addon_spec(line, sub, demand)
            price = self.list_price(product, tier, sub.interval) * self.price_factor
            return {"kind": "cross_sell", "line": line, "arr": qty * price * 12 / sub.interval}
        return None

    def open_deal(
        self,
        sub: Sub,
        core: Item,
        m: int,
        h: float,
        trigger: str,
        vector: str,
        signal: int,
        real: bool,
        demand: float,
        cap: float,
    ):
        r, cal, p = self.r, self.cal, self.p
        change = self.deal_change(sub, core, vector, demand, real)
        if change is None or change["arr"] <= 0:
            return
        exp_type = {"seat": "seat", "tier": "tier", "usage": "usage", "cross_sell": "cross_sell"}[
            change["kind"]
        ]
        # Deals backed by a real need and a healthy account usually close; speculative ones rarely do.
        win_p = min(0.9, max(0.2, 0.45 + 0.9 * (h - 0.55))) if real else 0.12
        won = r.random() < win_p
        via_csql = r.random() < p["csql_share"] or change["arr"] > 40000
        owner = self.ms.csm_owner[self.g]
        if via_csql:
            csql_id = self.ids.next("csql")
            delay = (r.uniform(0.3, 40.0) if r.random() < 0.85 else r.uniform(49.0, 150.0)) * HOUR
            created = int(signal + delay)
            if created >= cal.end_us:
                self.ids.count["csql"] -= 1
                return
            self.sim.rows["csqls"].add(csql_id, self.acc, trigger, signal, created, owner)
            hist = self.sim.rows["csql_stage_history"]
            hist.add(csql_id, "created", created)
            plan = [
                ("qualified", 1, 5, 0.10, 6, 12),
                ("proposal_sent", 2, 10, 0.12, 11, 20),
                ("negotiation", 3, 15, 0.12, 16, 25),
            ]
            ts = created
            reached = "created"
            lost_at = r.randrange(1, 4) if not won else 99
            stage_times = {}
            for i, (stage, lo, hi, breach, blo, bhi) in enumerate(plan, start=1):
                if i >= lost_at and r.random() < 0.5:
                    break
                if stage == "negotiation" and (change["arr"] < 8000 or r.random() < 0.25):
                    continue  # small deals skip negotiation
                if stage == "proposal_sent" and change["arr"] < 2500 and r.random() < 0.5:
                    continue
                days = r.randint(blo, bhi) if r.random() < breach else r.randint(lo, hi)
                nxt = add_business_days(ts, days) + r.randrange(-3, 4) * HOUR
                if nxt >= cal.end_us:
                    ts = None
                    break
                hist.add(csql_id, stage, nxt)
                stage_times[stage] = nxt
                ts, reached = nxt, stage
            qualified = stage_times.get("qualified")
            if ts is None:
                if qualified is not None:
                    self.record_opp(
                        csql_id, "expansion", exp_type, "csm", change["arr"], qualified, None, reached, None
                    )
                self.open_vectors.add(change["kind"])
                return
            close = add_business_days(ts, r.randint(1, 6)) + r.randrange(0, 6) * HOUR
            if close >= cal.end_us:
                if qualified is not None:
                    self.record_opp(
                        csql_id, "expansion", exp_type, "csm", change["arr"], qualified, None, reached, None
                    )
                self.open_vectors.add(change["kind"])
                return
            hist.add(csql_id, "closed_won" if won else "closed_lost", close)
            if qualified is not None:
                source = "csm" if change["arr"] < 50000 else ("ae" if r.random() < 0.5 else "csm")
                self.record_opp(
                    csql_id,
                    "expansion",
                    exp_type,
                    source,
                    change["arr"],
                    qualified,
                    close,
                    "closed_won" if won else "closed_lost",
                    won,
                )
        else:
            source = (
                "product"
                if self.seg == "smb" or change["kind"] == "seat"
                else ("partner" if r.random() < 0.25 else "ae")
            )
            created = signal + int(r.uniform(0.5, 6) * DAY) if source != "product" else signal + HOUR
            if source == "product":
                close = created + r.randrange(1, 48) * HOUR
            else:
                close = add_business_days(created, r.randint(10, 40))
            if created >= cal.end_us:
                return
            if close >= cal.end_us:
                self.record_opp(
                    None, "expansion", exp_type, source, change["arr"], created, None, "proposal_sent", None
                )
                self.open_vectors.add(change["kind"])
                return
            self.record_opp(
                None,
                "expansion",
                exp_type,
                source,
                change["arr"],
                created,
                close,
                "closed_won" if won else "closed_lost",
                won,
            )
        if won:
            change["exec"] = close + r.randrange(1, 5) * DAY // 2 + r.randrange(0, 4) * HOUR
            self.pending.append(change)
            self.open_vectors.add(change["kind"])

    def record_opp(
        self,
        csql_id,
        opp_type,
        exp_type,
        source,
        arr,
        created,
        closed,
        stage,
        won,
        loss_reason=None,
        opp_id=None,
    ):
        r = self.r
        is_closed = closed is not None
        if is_closed and not won and loss_reason is None:
            loss_reason = LOSS_REASONS[r.randrange(len(LOSS_REASONS))]
        self.sim.rows["opportunities"].add(
            opp_id or self.ids.next("opp"),
            self.acc,
            opp_type,
            exp_type,
            source,
            round(float(arr), 2),
            self.cur,
            stage,
            created,
            closed,
            is_closed,
            bool(won) if is_closed else False,
            loss_reason if is_closed else None,
            csql_id,
        )

    def apply_deal(self, sub: Sub, d: dict):
        self.open_vectors.discard(d["kind"])
        if sub.status != "active":
            return
        ts = d["exec"]
        ps, _ = self.period_bounds(sub, ts)
        if ts <= ps:
            ts = ps + HOUR
        core = sub.items.get("platform")
        if core is None:
            return
        if d["kind"] == "seat" and core.model == "per_seat" and d["qty"] > core.qty:
            self.change_item(sub, "platform", ts, "seat_increase", qty=d["qty"])
            gov = sub.items.get("governance")
            if gov is not None and gov.model == "per_seat":
                self.change_item(sub, "governance", ts, "seat_increase", qty=d["qty"])
        elif d["kind"] == "tier" and cat.TIERS[d["tier"]] > cat.TIERS[core.tier] and core.model != "usage":
            self.change_item(sub, "platform", ts, "upgrade", tier=d["tier"], qty=d["qty"])
        elif d["kind"] == "usage":
            it = sub.items.get(d["line"])
            if it is not None and cat.TIERS[d["tier"]] > cat.TIERS[it.tier]:
                self.change_item(sub, d["line"], ts, "upgrade", tier=d["tier"], qty=d["qty"])
        elif d["kind"] == "cross_sell" and d["line"] not in sub.items:
            users = self.sim.users[self.k, max(0, int(self.cal.month_index(ts)) - 1)]
            it = self.addon_item(d["line"], sub, users, ts, "cross_sell", 0.0)
            sub.items[d["line"]] = it
            self.prorate(sub, None, it, ts)
            if d["line"] == "automation":
                self.auto_ipu = it.qty * self.r.uniform(0.35, 0.7) / max(1.0, users * 0.7)

    # ------------------------------------------------------------------ opportunities around landing/renewal
    def won_new_business(self, sub: Sub, start: int, reactivation: bool, opp_id: str | None = None):
        r = self.r
        arr = self.mrr(sub) * 12
        lead = r.uniform(10, 40) if self.seg == "smb" else r.uniform(30, 120)
        created = max(start - int(lead * DAY), int(self.ms.created_us[self.g]) + HOUR)
        close = start - r.randrange(1, 72) * HOUR
        created = min(created, close - HOUR)
        if self.ms.parent[self.g] >= 0 and not reactivation:
            opp_type, exp_type, source = "expansion", "geo", ("csm" if r.random() < 0.5 else "ae")
        else:
            opp_type, exp_type = "new_business", None
            source = (
                "partner"
                if r.random() < 0.12
                else ("product" if self.seg == "smb" and r.random() < 0.4 else "ae")
            )
        self.record_opp(
            None, opp_type, exp_type, source, arr, created, close, "closed_won", True, opp_id=opp_id
        )
        if not reactivation and r.random() < 0.15:
            # An earlier attempt that was lost before this one closed.
            lost_close = created - r.randrange(20, 200) * DAY
            lost_created = lost_close - r.randrange(15, 90) * DAY
            if lost_created > self.cal.history_start_us:
                self.record_opp(
                    None,
                    "new_business",
                    None,
                    "ae",
                    arr * r.uniform(0.8, 1.3),
                    lost_created,
                    lost_close,
                    "closed_lost",
                    False,
                )
        if not reactivation and self.seg != "smb" and r.random() < 0.25:
            # Professional services sold with or after the landing.
            ts = start + r.randrange(30, 200) * DAY
            if ts < self.cal.end_us and sub.status == "active":
                fee = round(r.uniform(5000, 40000) * cat.PRICE_BOOK[self.cur], -2)
                self.record_opp(
                    None,
                    "expansion",
                    "services",
                    "csm",
                    fee,
                    ts - r.randrange(10, 30) * DAY,
                    ts,
                    "closed_won",
                    True,
                )
                self.lines.append((ts, sub.id, None, None, "one_time", 1.0, fee, 0.0, fee, None, None))
                self.sim.services.append((self.k, ts))

    def lost_new_business(self, ts: int, opp_id: str):
        self.record_opp(
            None,
            "new_business",
            None,
            "product",
            0.0,
            ts - 14 * DAY,
            ts,
            "closed_lost",
            False,
            loss_reason="not_a_fit",
            opp_id=opp_id,
        )

    def schedule_renewal_opp(self, sub: Sub):
        if sub.term_months == 1:
            sub.renewal_opp = None
            return
        end = self.t(sub.term_start_m + sub.term_months)
        created = end - self.r.randrange(90, 121) * DAY
        sub.renewal_opp = (self.ids.next("opp"), max(created, self.t(sub.term_start_m) + DAY))

    def close_renewal_opp(self, sub: Sub, ts: int, won: bool):
        if sub.renewal_opp is None:
            return
        opp_id, created = sub.renewal_opp
        arr = self.mrr(sub) * 12
        source = "csm" if self.seg != "smb" or self.r.random() < 0.5 else "product"
        self.record_opp(
            None,
            "renewal",
            None,
            source,
            arr,
            min(created, ts - DAY),
            ts,
            "closed_won" if won else "closed_lost",
            won,
            opp_id=opp_id,
        )
        sub.renewal_opp = None

    def finish_renewal_opp(self, sub: Sub):
        if sub.renewal_opp is None:
            return
        opp_id, created = sub.renewal_opp
        if created < self.cal.end_us:
            stage = "negotiation" if sub.canceled_at is None else "at_risk"
            self.record_opp(
                None, "renewal", None, "csm", self.mrr(sub) * 12, created, None, stage, None, opp_id=opp_id
            )
        # otherwise the id stays unused: a harmless gap in the sequence

    # ------------------------------------------------------------------ product adoption and segment
    def adopt_core(self, m: int, h: float, land: int):
        adopt = self.sim.core_adopt[self.k]
        speed = {"smb": 0.30, "mid_market": 0.34, "enterprise": 0.38}[self.seg] * (0.4 + h)
        for i in range(N_CORE):
            if adopt[i] > m and self.r.random() < speed * (1.0 - i * 0.045):
                adopt[i] = m

    def maybe_segment_change(self, sub: Sub, m: int):
        arr_usd = self.mrr(sub) * 12 * cat.FX_START[self.cur]
        if self.seg_now == 0 and arr_usd > 36000:
            self.seg_now = 1
        elif self.seg_now == 1 and arr_usd > 160000:
            self.seg_now = 2
        self.sim.segment[self.k, m:] = self.seg_now

    # ------------------------------------------------------------------ users
    def sync_users(self, m: int, target: int, first_start: int | None) -> list[int]:
        """Bring provisioned users to `target` during month m; returns this month's invite times."""
        r, cal = self.r, self.cal
        lo = first_start if first_start is not None else cal.month_start(m)
        hi = min(cal.month_start(m + 1), cal.end_us)
        if hi <= lo:
            return []
        invites = []
        # Natural turnover: a few people leave and are replaced.
        live = self.users_live
        if live and first_start is None and r.random() < 0.3:
            self.deactivate(live[r.randrange(len(live))], lo + int(r.random() * (hi - lo)))
        target = max(1, target)
        new_times = sorted(
            lo + int(r.random() ** (2.0 if first_start else 1.0) * (hi - lo))
            for _ in range(max(0, target - len(live)))
        )
        for i, ts in enumerate(new_times):
            if not self.user_rows and i == 0:
                ts = lo + r.randrange(5, 90) * 60 * US
                self.add_user(ts, None, "admin", None)
                continue
            inviter = None
            if live and r.random() < 0.85:
                cand = live[r.randrange(len(live))]
                if self.user_rows[cand][0] < ts - HOUR:
                    inviter = cand
            invited_at = ts - r.randrange(5, 36 * 60) * 60 * US if inviter is not None else None
            if invited_at is not None and invited_at <= self.user_rows[inviter][0]:
                invited_at = self.user_rows[inviter][0] + 60 * US
            role = "admin" if r.random() < 0.05 else ("viewer" if r.random() < 0.2 else "member")
            self.add_user(ts, inviter, role, invited_at)
            if invited_at is not None and invited_at >= cal.month_start(m):
                invites.append(invited_at)
        if len(live) > target:
            drop = len(live) - target
            for _ in range(drop):
                idx = live[1 + r.randrange(len(live) - 1)] if len(live) > 1 else live[0]
                self.deactivate(idx, lo + int(r.random() * (hi - lo)))
        invites.sort()
        return invites

    def add_user(self, ts: int, inviter: int | None, role: str, invited_at: int | None):
        n = len(self.user_rows)
        spread = min(len(self.dept_order), 1 + int(math.log2(1 + n / 6.0)))
        dept = self.dept_order[min(spread - 1, int(self.r.random() ** 1.6 * spread))]
        factor = _lognormal(self.r, 1.0, 0.5) * (3.0 if self.r.random() < 0.08 else 1.0)
        self.user_rows.append([ts, None, dept, role, inviter, factor, invited_at])
        self.users_live.append(n)

    def deactivate(self, idx: int, ts: int):
        row = self.user_rows[idx]
        if row[1] is None:
            row[1] = max(ts, row[0] + HOUR)
            if row[1] >= self.cal.end_us:
                row[1] = None
                return
        self.users_live.remove(idx)

    def deactivate_all(self, m: int, at: int | None = None):
        if not self.users_live:
            return
        base = at if at is not None else self.cal.month_start(m)
        for idx in list(self.users_live):
            self.deactivate(idx, base + self.r.randrange(1, 96) * HOUR)
            if idx in self.users_live:  # could not deactivate before as-of: leave it provisioned
                self.users_live.remove(idx)

    def flush_users(self):
        rows = self.sim.rows["users"]
        first = self.ids.count.get("usr", 0)
        for i, (created, deact, dept, role, inviter, factor, invited_at) in enumerate(self.user_rows):
            fn = names.FIRST_NAMES[self.r.randrange(len(names.FIRST_NAMES))]
            ln = names.LAST_NAMES[self.r.randrange(len(names.LAST_NAMES))]
            uid = self.ids.next("usr")
            email = (
                f"{fn}.{ln}{'' if i < 40 or self.r.random() < 0.5 else i}@{self.ms.domain[self.g]}".lower()
            )
            inv = f"usr_{first + inviter + 1:0{Ids.WIDTH['usr']}d}" if inviter is not None else None
            rows.add(
                uid,
                self.acc,
                email,
                names.DEPARTMENTS[dept],
                role,
                created,
                deact,
                inv,
                self.k,
                factor,
                invited_at,
                first + inviter + 1 if inviter is not None else -1,
            )


def simulate_chunk(master, lo: int, hi: int, cal: Calendar, seed: int, ids: Ids) -> ChunkSim:
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
        acc = AccountSim(sim, g - lo, g, master, cal, r, ids, parent_alive)
        acc.has_overdue = False
        acc.trial_opp = None
        acc.run()
    return sim
