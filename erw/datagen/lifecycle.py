"""Subscription lifecycle: landing (or reactivation), trial conversion, term ends, churn, the as-of close.

Each month `step` runs at the account's billing anchor: it converts or lapses a trial, renews
or churns at a term end, bills the period, applies won deals that fall due and lets
`changes.py` make self-serve changes.
"""

from __future__ import annotations

import math

from . import catalog as cat
from .account import Account, lognormal, pick
from .billing import Billing, Sub
from .changes import Changes
from .deals import Deals
from .opportunities import OpportunityBook
from .team import Team
from .timeutil import DAY, HOUR

CANCEL_REASONS = (
    "budget_cuts",
    "low_adoption",
    "switched_competitor",
    "consolidated_vendors",
    "company_acquired",
    "missing_features",
)


class Lifecycle:
    def __init__(
        self, a: Account, billing: Billing, opps: OpportunityBook, deals: Deals, changes: Changes, team: Team
    ):
        self.a, self.billing, self.opps, self.deals, self.changes, self.team = (
            a,
            billing,
            opps,
            deals,
            changes,
            team,
        )
        self.q = a.params.landing
        self.qr = a.params.renewal
        self.churn_plan: int | None = None  # month a decided churn takes effect
        self.paid_m = 0  # first paid month of the current subscription
        self.trial_opp: str | None = None
        self.has_overdue = False

    # ------------------------------------------------------------------ landing
    def land(self, m: int, reactivation: bool) -> tuple[Sub | None, float]:
        a, q, billing = self.a, self.q, self.billing
        r, p = a.r, a.p
        start = a.t(m)
        self.paid_m = m + 1
        if a.sim.land_us[a.k] < 0:
            a.sim.land_us[a.k] = start
        term, interval = pick(r, p["terms"])
        model, tier = pick(r, p["core"])
        sub = self.new_sub(start, m, term, interval)
        reason = "reactivation" if reactivation else "new"
        disc = a.discount()
        product, qty, demand = self.landing_plan(model, tier, reactivation)
        trial = not reactivation and model != "usage" and r.random() < p["trial"]
        if trial:
            # 30-day free trial at price 0; converts (or lapses) at the next month's anchor.
            sub.status = "trialing"
            sub.trial_end = a.t(m + 1)
            core = billing.new_item("platform", product, tier, qty, interval, 0.0, start, "new", price=0.0)
        else:
            core = billing.new_item("platform", product, tier, qty, interval, disc, start, reason)
        sub.items["platform"] = core
        n_addons = 0
        if not trial and r.random() < p["addon_at_land"]:
            n_addons = 2 if (a.seg == "enterprise" and r.random() < q.second_addon_enterprise) else 1
        for line in billing.addon_choices(n_addons, sub):
            sub.items[line] = billing.addon_item(line, sub, demand, start, reason, disc)
        if not trial and r.random() < q.free_connect and "connect" not in sub.items:
            # A free add-on thrown into the deal (100% discount).
            sub.items["connect"] = billing.new_item(
                "connect", "prod_connect", "starter", 1, interval, 1.0, start, reason
            )
        a.auto_ipu = lognormal(r, *q.workflow_runs_per_user)
        if "automation" in sub.items:
            share = r.uniform(*q.automation_commit_share)
            a.auto_ipu = sub.items["automation"].qty * share / max(1.0, demand * q.typical_activation)
        if trial:
            self.trial_opp = a.ids.next("opp")
        elif not self.start_paid(sub, m, start, reactivation):
            return None, demand
        self.opps.schedule_renewal(sub)
        return sub, demand

    def new_sub(self, start: int, m: int, term: int, interval: int) -> Sub:
        a, q = self.a, self.q
        sub = Sub()
        sub.id = a.ids.next("sub")
        sub.started = start
        sub.term_start_m = m
        sub.term_months, sub.interval = term, interval
        sub.status = "active"
        sub.items = {}
        sub.canceled_at = None
        sub.cancel_reason = None
        sub.auto_renew = a.r.random() < (q.auto_renew_monthly if term == 1 else q.auto_renew_term)
        sub.trial_end = None
        sub.renewal_opp = None
        return sub

    def landing_plan(self, model: str, tier: str, reactivation: bool) -> tuple[str, float, float]:
        """Product and quantity of the core item, and the account's seat demand at landing."""
        a, q = self.a, self.q
        r, p = a.r, a.p
        if model == "per_seat":
            med, sd, lo, hi = p["seats"]
            seats = int(min(hi, max(lo, lognormal(r, med, sd))))
            if reactivation:
                seats = max(lo, int(seats * q.reactivation_seat_share))
            return "prod_platform", seats, seats * r.uniform(*q.demand_share)
        if model == "flat":
            return "prod_platform", 1, r.uniform(*q.flat_users)
        product = "prod_platform_usage"
        qty = cat.usage_limit(product, tier)
        med, sd, lo, hi = p["seats"]
        demand = min(hi, max(lo, lognormal(r, med, sd))) * q.usage_demand_share
        # usage per user is set so the landing month uses part of the commitment
        a.ipu = (
            qty * r.uniform(*q.usage_commit_share) / (demand * q.typical_activation * q.typical_usage_factor)
        )
        return product, qty, demand

    def start_paid(self, sub: Sub, m: int, start: int, reactivation: bool) -> bool:
        """The paid start: its opportunity, first invoice lines, onboarding fee; False if it ends at once."""
        a, q = self.a, self.q
        r = a.r
        self.paid_m = m
        self.opps.won_new_business(sub, start, reactivation)
        self.billing.bill_recurring(sub, m)
        if r.random() < a.p["onboarding_fee_share"]:
            fee = round(a.p["onboarding_fee_usd"] * r.uniform(*q.fee_spread) * cat.PRICE_BOOK[a.cur], -1)
            self.billing.add_one_time(start, sub, fee)
        instant = sub.term_months == 1 and a.seg == "smb" and not reactivation
        if instant and r.random() < q.instant_churn_smb and a.off // DAY <= q.instant_churn_max_day:
            # Landed and left within the same month.
            cancel = start + r.randrange(*q.instant_churn_days) * DAY
            self.billing.close_all(sub, cancel)
            sub.status, sub.canceled_at, sub.cancel_reason = "canceled", cancel, "not_a_fit"
            self.write_sub(sub)
            return False
        return True

    # ------------------------------------------------------------------ monthly step
    def step(self, sub: Sub, m: int, h: float, h3: float) -> Sub | None:
        """Trial conversion, term end (renew / churn), recurring billing and won deals for month m."""
        a = self.a
        t = a.t(m)
        if t >= a.cal.end_us:
            return sub
        if sub.status == "trialing" and sub.trial_end is not None and sub.trial_end <= t:
            return self.end_trial(sub, m, t)
        if sub.status == "trialing":
            return sub
        end_m = sub.term_start_m + sub.term_months
        if m == end_m or self.churn_plan == m:
            if self.churn_plan is not None and self.churn_plan <= m:
                self.churn_plan = None
                self.churn(sub, m, h3)
                return None
            self.renew(sub, m, h3)
        # Recurring charges at each billing-period start inside the term.
        if (m - sub.term_start_m) % sub.interval == 0 and m != sub.term_start_m or m == end_m:
            self.billing.bill_recurring(sub, m)
        # Won deals whose billing change falls in this sim-month.
        for d in self.deals.take_due(a.t(m + 1)):
            if d["exec"] < a.cal.end_us:
                self.deals.open_vectors.discard(d["kind"])
                self.changes.apply_deal(sub, d)
        self.changes.organic(sub, m, h, self.paid_m)
        return sub

    def end_trial(self, sub: Sub, m: int, t: int) -> Sub | None:
        a, billing = self.a, self.billing
        if a.r.random() < self.q.trial_conversion or a.parent_alive is not None:
            sub.status = "active"
            core = sub.items["platform"]
            disc = a.discount()
            billing.close_item(sub, core, t)
            sub.items["platform"] = billing.new_item(
                "platform", core.product, core.tier, core.qty, sub.interval, disc, t, "price_change"
            )
            sub.term_start_m = m
            self.paid_m = m
            self.opps.won_new_business(sub, t, False, opp_id=self.trial_opp)
            billing.bill_recurring(sub, m)
            self.opps.schedule_renewal(sub)
            return sub
        billing.close_all(sub, t)
        sub.status, sub.canceled_at, sub.cancel_reason = "canceled", t, "trial_expired"
        self.opps.lost_new_business(t, self.trial_opp)
        self.write_sub(sub)
        return None

    def churn_lead(self, sub: Sub, m: int) -> int | None:
        """Months between the churn decision and the churn, if a decision is due in month m.

        The lead is long enough for the decline to show in usage, tickets and surveys well
        before the last 90 days (that is what the downstream calibration measures).
        """
        qh = self.a.params.health
        if sub.term_months == 1:
            return qh.churn_lead_monthly + (self.a.r.random() < qh.churn_lead_monthly_extra)
        end_m = sub.term_start_m + sub.term_months
        return qh.churn_lead_term if end_m - m == qh.churn_lead_term else None

    # ------------------------------------------------------------------ term ends
    def renew(self, sub: Sub, m: int, h3: float):
        a, q = self.a, self.qr
        r = a.r
        t = a.t(m)
        sub.term_start_m = m
        if sub.term_months > 1:
            uplift = r.random() < a.p["uplift_share"] and h3 > q.uplift_min_health
            if uplift and not self.deals.activated:
                uplift = r.random() < a.params.deals.uplift_unactivated
            factor = 1.0 + (round(r.uniform(*q.uplift), 3) if uplift else 0.0)
            if uplift:
                a.price_factor *= factor
            self.renew_items(sub, m, t, h3, uplift, factor)
        self.opps.close_renewal(sub, t, won=True)
        self.opps.schedule_renewal(sub)

    def renew_items(self, sub: Sub, m: int, t: int, h3: float, uplift: bool, factor: float):
        """New rows for every item at a multi-year term end: uplift, right-size, drop or downgrade."""
        a, q, billing = self.a, self.qr, self.billing
        r = a.r
        contracted = False
        core = sub.items.get("platform")
        users = a.sim.users[a.k, m - 1] if m > 0 else 0.0
        act = a.sim.act[a.k, m - 1] if m > 0 else 1.0
        used_share = q.rightsize_used_share[0] if h3 >= q.rightsize_health else q.rightsize_used_share[1]
        for line, it in list(sub.items.items()):
            reason, qty, tier, price = "renewal", it.qty, it.tier, it.price
            if uplift and it.price > 0:
                reason, price = "price_change", it.price * factor
            if it is core and core.model == "per_seat" and users * act < used_share * core.qty:
                # Right-size unused seats at renewal.
                new_qty = max(
                    core.included or 1, int(math.ceil(users * act * r.uniform(*q.rightsize_headroom)))
                )
                if new_qty < core.qty:
                    reason, qty, contracted = "seat_decrease", float(new_qty), True
            elif (
                it is not core
                and h3 < q.drop_addon_health
                and r.random() < q.drop_addon
                and it.price > 0
                and not contracted
            ):
                # Drop an add-on that is not used (the row just ends).
                billing.close_item(sub, it, t)
                del sub.items[line]
                contracted = True
                continue
            elif (
                it is core
                and h3 < q.downgrade_health
                and r.random() < q.downgrade
                and cat.TIERS[core.tier] > 1
            ):
                lower = billing.lower_tier(core)
                if lower is not None:
                    reason, tier, contracted = "downgrade", lower, True
                    price = a.list_price(it.product, tier, sub.interval) * a.price_factor
                    if core.model == "usage":
                        qty = float(cat.usage_limit(core.product, tier))
            billing.close_item(sub, it, t)
            sub.items[line] = billing.new_item(
                line, it.product, tier, qty, sub.interval, it.disc, t, reason, price=price
            )

    def churn(self, sub: Sub, m: int, h3: float):
        a, q = self.a, self.qr
        r = a.r
        t = a.t(m)
        notice = (
            r.randrange(*q.notice_days_monthly) if sub.term_months == 1 else r.randrange(*q.notice_days_term)
        ) * DAY
        sub.canceled_at = max(t - notice, sub.started + HOUR, self.last_change(sub) + HOUR)
        sub.cancel_reason = (
            CANCEL_REASONS[r.randrange(len(CANCEL_REASONS))]
            if h3 > q.reason_random_health or r.random() < q.reason_random
            else ("low_adoption" if r.random() < q.reason_low_adoption else "payment_failed")
        )
        self.billing.close_all(sub, t)
        sub.status = "canceled"
        self.opps.close_renewal(sub, t, won=False)
        self.write_sub(sub)
        self.team.deactivate_all(m, at=t)

    @staticmethod
    def last_change(sub: Sub) -> int:
        return max(it.valid_from for it in sub.items.values()) if sub.items else sub.started

    def write_sub(self, sub: Sub):
        a = self.a
        term_start = a.t(sub.term_start_m)
        term_end = a.t(sub.term_start_m + sub.term_months)
        if sub.cancel_reason in ("not_a_fit", "trial_expired") or sub.status == "trialing":
            term_start, term_end = sub.started, sub.trial_end or sub.canceled_at
        a.sim.rows["subscriptions"].add(
            sub.id,
            a.cust,
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
        a, q = self.a, self.qr
        r = a.r
        end_m = sub.term_start_m + sub.term_months
        term_end = a.t(end_m)
        valid_to = None
        if sub.status == "active" and self.churn_plan is not None and a.t(self.churn_plan) == term_end:
            days = q.notice_days_pending if sub.term_months > 1 else q.notice_days_monthly
            notice = term_end - r.randrange(*days) * DAY
            if notice < a.cal.end_us and notice > self.last_change(sub):
                # Cancellation already requested, effective at the term end after as-of.
                sub.canceled_at, sub.cancel_reason = notice, CANCEL_REASONS[r.randrange(len(CANCEL_REASONS))]
                sub.auto_renew = False
                valid_to = term_end
        if sub.status == "active" and self.has_overdue:
            sub.status = "past_due"
        for it in sub.items.values():
            self.billing.close_item(sub, it, valid_to)
        self.write_sub(sub)
        self.opps.finish_renewal(sub)
