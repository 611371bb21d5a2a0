"""Subscription items and their charges: the billing change log and the invoice lines it implies.

Every commercial change closes the current row of an item and opens its successor
(`subscription_items`), with prorations for the rest of the billing period; recurring charges
and usage overage become invoice lines that `invoices.py` groups into invoices.
"""

from __future__ import annotations

from typing import NamedTuple

from . import catalog as cat
from .account import Account, pick
from .timeutil import HOUR, US

TOP_TIER = max(cat.TIERS.values())
UNLIMITED = 1e9  # seat cap of plans without one


class InvoiceLine(NamedTuple):
    """One invoice line before it is grouped into an invoice (issued instant first: lines sort by it)."""

    issued: int
    subscription_id: str | None
    subscription_item_id: str | None
    plan_id: str | None
    line_type: str
    quantity: float
    unit_amount: float
    discount_amount: float
    amount: float
    service_period_start: int | None
    service_period_end: int | None


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


class Billing:
    """Items of the account's subscription and the invoice lines they produce."""

    def __init__(self, a: Account):
        self.a = a
        self.q = a.params.billing
        self.lines: list[InvoiceLine] = []

    # ------------------------------------------------------------------ items
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
        a = self.a
        it = Item()
        it.id = a.ids.next("si")
        it.line, it.product, it.tier = line, product, tier
        model, _, included, limit = cat.PLAN_SPECS[(product, tier)]
        it.model, it.included, it.limit = model, included, limit
        it.qty = float(qty)
        it.price = a.list_price(product, tier, interval) * a.price_factor if price is None else price
        it.price = round(it.price, 2) if it.price >= 1 else round(it.price, 6)
        it.disc = disc
        it.valid_from = valid_from
        it.reason = reason
        it.plan_id = cat.plan_id(product, tier, interval, a.cur)
        return it

    def close_item(self, sub: Sub, it: Item, valid_to: int | None):
        self.a.sim.rows["subscription_items"].add(
            it.id,
            sub.id,
            self.a.cust,
            it.plan_id,
            it.qty,
            it.price,
            it.disc,
            self.a.cur,
            it.valid_from,
            valid_to,
            it.reason,
        )

    def close_all(self, sub: Sub, valid_to: int):
        for it in list(sub.items.values()):
            self.close_item(sub, it, valid_to)
        sub.items = {}

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

    # ------------------------------------------------------------------ add-ons
    def addon_choices(self, n: int, sub: Sub) -> list[str]:
        choices = []
        options = [(line, w) for line, w in self.a.params.addon_weights.items() if line not in sub.items]
        for _ in range(n):
            if not options:
                break
            (line,) = pick(self.a.r, options)
            choices.append(line)
            options = [o for o in options if o[0] != line]
        return choices

    def addon_item(self, line: str, sub: Sub, demand: float, ts: int, reason: str, disc: float) -> Item:
        product, tier, qty = self.addon_spec(line, sub, demand)
        return self.new_item(line, product, tier, qty, sub.interval, disc, ts, reason)

    def addon_spec(self, line: str, sub: Sub, demand: float) -> tuple[str, str, float]:
        a, q = self.a, self.a.params.landing
        product = cat.LINE_PRODUCT[line]
        tier = a.p["addon_tier"]
        if line == "governance":
            tier = (
                "enterprise"
                if a.seg == "enterprise" and a.r.random() < q.governance_enterprise_tier
                else "business"
            )
            core = sub.items.get("platform")
            qty = (
                core.qty
                if core is not None and core.model == "per_seat"
                else max(q.governance_min_seats, int(demand))
            )
        elif line == "automation":
            qty = cat.usage_limit(product, tier)
        else:
            if line == "connect" and tier == "enterprise":
                tier = "business"
            qty = 1
        return product, tier, float(qty)

    # ------------------------------------------------------------------ plan facts
    @staticmethod
    def seat_cap(core: Item) -> float:
        if core.model == "per_seat":
            return core.qty
        if core.model == "flat":
            return float(core.included) if core.included else UNLIMITED
        return UNLIMITED

    @staticmethod
    def lower_tier(it: Item) -> str | None:
        rank = cat.TIERS[it.tier] - 1
        while rank >= 1:
            tier = cat.TIER_NAMES[rank]
            if (it.product, tier) in cat.PLAN_SPECS and cat.PLAN_SPECS[(it.product, tier)][0] == it.model:
                return tier
            rank -= 1
        return None

    @staticmethod
    def mrr(sub: Sub | None) -> float:
        if sub is None:
            return 0.0
        return sum(i.qty * i.price * (1 - i.disc) for i in sub.items.values()) / sub.interval

    def period_bounds(self, sub: Sub, ts: int) -> tuple[int, int]:
        a = self.a
        m = int(a.cal.month_index(ts - a.off))
        k = (m - sub.term_start_m) // sub.interval
        start_m = sub.term_start_m + k * sub.interval
        return a.t(start_m), a.t(start_m + sub.interval)

    # ------------------------------------------------------------------ invoice lines
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
            InvoiceLine(
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

    def add_one_time(self, ts: int, sub: Sub, fee: float):
        self.lines.append(InvoiceLine(ts, sub.id, None, None, "one_time", 1.0, fee, 0.0, fee, None, None))

    def bill_recurring(self, sub: Sub, m: int):
        a = self.a
        t = a.t(m)
        if t >= a.cal.end_us:
            return
        pe = a.t(m + sub.interval)
        for it in sub.items.values():
            if it.valid_from > t:
                continue
            self.add_line(t, sub, it, "recurring", it.qty, it.price, it.disc, t, pe)

    def bill_overage(self, sub: Sub, it: Item, m: int, units: int):
        """Usage above the committed monthly units, invoiced in arrears on the 1st of the next month."""
        cal = self.a.cal
        limit = int(it.qty)
        issued = cal.month_start(m + 1) + self.q.overage_hour * HOUR + self.a.r.randrange(0, HOUR // US) * US
        if units <= limit or issued >= cal.end_us:
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
            cal.month_start(m),
            cal.month_start(m + 1),
        )
