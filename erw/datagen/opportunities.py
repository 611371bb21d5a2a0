"""Opportunities around landings and term ends: new business, earlier losses, services, renewals."""

from __future__ import annotations

from . import catalog as cat
from .account import Account
from .billing import Billing, Sub
from .timeutil import DAY, HOUR, MONTHS_PER_YEAR

LOSS_REASONS = ("budget", "timing", "no_decision", "competitor", "price", "champion_left", "not_a_fit")


class OpportunityBook:
    def __init__(self, a: Account, billing: Billing):
        self.a = a
        self.billing = billing
        self.q = a.params.opportunities

    def record(
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
        a = self.a
        is_closed = closed is not None
        if is_closed and not won and loss_reason is None:
            loss_reason = LOSS_REASONS[a.r.randrange(len(LOSS_REASONS))]
        a.sim.rows["opportunities"].add(
            opp_id or a.ids.next("opp"),
            a.acc,
            opp_type,
            exp_type,
            source,
            round(float(arr), 2),
            a.cur,
            stage,
            created,
            closed,
            is_closed,
            bool(won) if is_closed else False,
            loss_reason if is_closed else None,
            csql_id,
        )

    def won_new_business(self, sub: Sub, start: int, reactivation: bool, opp_id: str | None = None):
        a, q = self.a, self.q
        r = a.r
        arr = self.billing.mrr(sub) * MONTHS_PER_YEAR
        lead = r.uniform(*a.p["sales_cycle_days"])
        created = max(start - int(lead * DAY), int(a.ms.created_us[a.g]) + HOUR)
        close = start - r.randrange(*q.close_hours) * HOUR
        created = min(created, close - HOUR)
        if a.ms.parent[a.g] >= 0 and not reactivation:
            opp_type, exp_type, source = "expansion", "geo", ("csm" if r.random() < q.geo_csm else "ae")
        else:
            opp_type, exp_type = "new_business", None
            source = (
                "partner"
                if r.random() < q.partner
                else ("product" if a.seg == "smb" and r.random() < q.smb_product else "ae")
            )
        self.record(None, opp_type, exp_type, source, arr, created, close, "closed_won", True, opp_id=opp_id)
        if not reactivation and r.random() < q.earlier_loss:
            # An earlier attempt that was lost before this one closed.
            lost_close = created - r.randrange(*q.earlier_loss_gap_days) * DAY
            lost_created = lost_close - r.randrange(*q.earlier_loss_open_days) * DAY
            if lost_created > a.cal.history_start_us:
                amount = arr * r.uniform(*q.earlier_loss_amount)
                self.record(
                    None, "new_business", None, "ae", amount, lost_created, lost_close, "closed_lost", False
                )
        if not reactivation and a.seg != "smb" and r.random() < q.services:
            self.sell_services(sub, start)

    def sell_services(self, sub: Sub, start: int):
        """Professional services sold with or after the landing."""
        a, q = self.a, self.q
        r = a.r
        ts = start + r.randrange(*q.services_days) * DAY
        if ts < a.cal.end_us and sub.status == "active":
            fee = round(r.uniform(*q.services_fee_usd) * cat.PRICE_BOOK[a.cur], -2)
            opened = ts - r.randrange(*q.services_open_days) * DAY
            self.record(None, "expansion", "services", "csm", fee, opened, ts, "closed_won", True)
            self.billing.add_one_time(ts, sub, fee)
            a.sim.services.append((a.k, ts))

    def lost_new_business(self, ts: int, opp_id: str):
        created = ts - self.q.trial_lost_open_days * DAY
        self.record(
            None,
            "new_business",
            None,
            "product",
            0.0,
            created,
            ts,
            "closed_lost",
            False,
            loss_reason="not_a_fit",
            opp_id=opp_id,
        )

    def schedule_renewal(self, sub: Sub):
        a = self.a
        if sub.term_months == 1:
            sub.renewal_opp = None
            return
        end = a.t(sub.term_start_m + sub.term_months)
        created = end - a.r.randrange(*self.q.renewal_open_days) * DAY
        sub.renewal_opp = (a.ids.next("opp"), max(created, a.t(sub.term_start_m) + DAY))

    def close_renewal(self, sub: Sub, ts: int, won: bool):
        a = self.a
        if sub.renewal_opp is None:
            return
        opp_id, created = sub.renewal_opp
        arr = self.billing.mrr(sub) * MONTHS_PER_YEAR
        source = "csm" if a.seg != "smb" or a.r.random() < self.q.smb_renewal_csm else "product"
        stage = "closed_won" if won else "closed_lost"
        self.record(None, "renewal", None, source, arr, min(created, ts - DAY), ts, stage, won, opp_id=opp_id)
        sub.renewal_opp = None

    def finish_renewal(self, sub: Sub):
        a = self.a
        if sub.renewal_opp is None:
            return
        opp_id, created = sub.renewal_opp
        if created < a.cal.end_us:  # otherwise the id stays unused: a harmless gap in the sequence
            stage = "negotiation" if sub.canceled_at is None else "at_risk"
            arr = self.billing.mrr(sub) * MONTHS_PER_YEAR
            self.record(None, "renewal", None, "csm", arr, created, None, stage, None, opp_id=opp_id)
