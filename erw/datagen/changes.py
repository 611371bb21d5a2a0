"""Mid-term subscription changes: won expansion deals applied in billing, seat moves, downgrades."""

from __future__ import annotations

import math

from . import catalog as cat
from .account import Account
from .billing import Billing, Sub
from .timeutil import DAY, HOUR


class Changes:
    def __init__(self, a: Account, billing: Billing):
        self.a = a
        self.billing = billing
        self.q = a.params.changes

    def organic(self, sub: Sub, m: int, h: float, paid_m: int):
        """Self-serve seat moves and the occasional mid-term downgrade."""
        a, q, billing = self.a, self.q, self.billing
        r = a.r
        core = sub.items.get("platform")
        if core is None or m < paid_m + q.min_months_paid:
            return
        users = a.sim.users[a.k, m - 1]
        act = a.sim.act[a.k, m - 1]
        ts = a.t(m) + r.randrange(*q.days) * DAY + r.randrange(*q.hours) * HOUR
        if ts >= a.cal.end_us:
            return
        if (
            core.model == "per_seat"
            and sub.interval == 1
            and users * act < q.seat_used_share * core.qty
            and h < q.seat_health
            and r.random() < q.seat_decrease
        ):
            new_qty = max(core.included or 1, int(math.ceil(users * act * q.seat_headroom)))
            if new_qty < core.qty:
                billing.change_item(sub, "platform", ts, "seat_decrease", qty=float(new_qty))
        elif (
            h < q.downgrade_health
            and r.random() < q.downgrade
            and cat.TIERS[core.tier] > q.downgrade_min_rank
        ):
            tier = billing.lower_tier(core)
            if tier is not None:
                qty = cat.usage_limit(core.product, tier) if core.model == "usage" else core.qty
                billing.change_item(sub, "platform", ts, "downgrade", tier=tier, qty=qty)

    def apply_deal(self, sub: Sub, d: dict):
        """The billing change of a won deal, at its execution instant (never before the period start)."""
        a, billing = self.a, self.billing
        if sub.status != "active":
            return
        ts = d["exec"]
        ps, _ = billing.period_bounds(sub, ts)
        if ts <= ps:
            ts = ps + HOUR
        core = sub.items.get("platform")
        if core is None:
            return
        if d["kind"] == "seat" and core.model == "per_seat" and d["qty"] > core.qty:
            billing.change_item(sub, "platform", ts, "seat_increase", qty=d["qty"])
            gov = sub.items.get("governance")
            if gov is not None and gov.model == "per_seat":
                billing.change_item(sub, "governance", ts, "seat_increase", qty=d["qty"])
        elif d["kind"] == "tier" and cat.TIERS[d["tier"]] > cat.TIERS[core.tier] and core.model != "usage":
            billing.change_item(sub, "platform", ts, "upgrade", tier=d["tier"], qty=d["qty"])
        elif d["kind"] == "usage":
            it = sub.items.get(d["line"])
            if it is not None and cat.TIERS[d["tier"]] > cat.TIERS[it.tier]:
                billing.change_item(sub, d["line"], ts, "upgrade", tier=d["tier"], qty=d["qty"])
        elif d["kind"] == "cross_sell" and d["line"] not in sub.items:
            users = a.sim.users[a.k, max(0, int(a.cal.month_index(ts)) - 1)]
            it = billing.addon_item(d["line"], sub, users, ts, "cross_sell", 0.0)
            sub.items[d["line"]] = it
            billing.prorate(sub, None, it, ts)
            if d["line"] == "automation":
                qd = a.params.deals
                share = a.r.uniform(*qd.cross_sell_automation_share)
                a.auto_ipu = it.qty * share / max(1.0, users * qd.cross_sell_activation)
