"""Expansion deals: leading signals of a month, the CSQLs and opportunities they open, won changes.

A signal becomes a deal when a CSM (or the product, or an AE) pursues it; deals backed by a
real need on a healthy account usually close. A CSQL walks its stage history with business-day
SLAs; a won deal waits in `pending` until its billing change falls due (`lifecycle.py` applies
it through `changes.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import catalog as cat
from .account import Account
from .billing import TOP_TIER, UNLIMITED, Billing, Item, Sub
from .opportunities import OpportunityBook
from .timeutil import DAY, HOUR, MONTHS_PER_YEAR, add_business_days

# Trigger keys the generator writes on CSQLs (each is in seeds/triggers/trigger_catalogue.csv).
TRIGGER_KEYS = (
    "usage_limit_80pct",
    "seats_90pct_active",
    "gated_feature_hits",
    "headcount_growth",
    "renewal_60d_healthy",
    "dau_wau_growth",
    "champion_promoted",
    "teammates_invited",
)


@dataclass
class MonthView:
    """What the signal detection sees of one account-month."""

    m: int
    h: float
    demand: float
    cap: float
    active: float
    active_prev: float
    invites: list[int]
    hot: dict
    interest: list[float]


class Deals:
    def __init__(self, a: Account, billing: Billing, opps: OpportunityBook):
        self.a, self.billing, self.opps = a, billing, opps
        self.q = a.params.deals
        self.pending: list[dict] = []  # won deals waiting to be applied in billing
        self.open_vectors: set[str] = set()
        self.headcount_fired = False
        self.promoted_at: int | None = None
        self.activated = False  # set by the month loop before the month's lifecycle step
        self.held: dict[str, bool] = {}  # month-level trigger conditions held last month
        self.last_fired: dict[str, int] = {}  # trigger -> instant of its last (emulated) firing
        self.cooldown_days = dict(self.q.trigger_cooldown_days)

    def take_due(self, before: int) -> list[dict]:
        due = [d for d in self.pending if d["exec"] < before]
        for d in due:
            self.pending.remove(d)
        return due

    def clear(self):
        self.pending.clear()
        self.open_vectors.clear()

    def maybe_promote_champion(self, m: int, h: float):
        a, q = self.a, self.q
        self.promoted_at = None
        if a.r.random() < q.promotion_base + q.promotion_slope * max(0.0, h - q.promotion_pivot):
            ts = a.instant_in_month(m, q.promotion_days, q.promotion_hours)
            if ts >= a.cal.end_us:
                return
            a.sim.champion_events.append((a.k, "promoted", ts))
            self.promoted_at = ts

    # ------------------------------------------------------------------ signals
    def is_activated(self, m: int, h_prev: float, act_prev: float) -> bool:
        """Activation as a CSM sees it at the start of month m (reference doc 002, activation first):
        onboarded long enough, enough core features, and last month's health and active-user share
        (per licensed seat on a per-seat plan, as the warehouse measures it)."""
        a = self.a
        days, core_min, health_min, share_min = a.p["activation"]
        onboarded = int(a.sim.onboarded_us[a.k])
        if onboarded < 0 or a.cal.month_start(m) - onboarded < days * DAY:
            return False
        core = int((a.sim.core_adopt[a.k] < m).sum())
        return core >= core_min and h_prev >= health_min and act_prev >= share_min

    def signals(self, sub: Sub, core: Item, v: MonthView):
        """Trigger firings a CSM can see in month m, and the deals the CSM opens on some of them.

        A firing is a transition into a catalogue condition after the trigger's cooldown (what the
        warehouse detects); the CSM responds more often when the account really needs more (the
        hidden need makes the deal likely to be won) and seldom on an account that is not
        activated. At most one deal is opened per month.
        """
        a, q = self.a, self.q
        r = a.r
        if sub.status != "active":
            return
        for trigger, vector, ts, real in self.candidates(sub, core, v):
            if ts >= a.cal.end_us:
                continue
            last = self.last_fired.get(trigger)
            if last is not None and ts - last < self.cooldown_days[trigger] * DAY:
                continue
            self.last_fired[trigger] = ts
            base_vec = vector.split(":")[0].replace("_auto", "")
            if base_vec in self.open_vectors:
                continue
            respond = (q.respond_real if real else q.respond_speculative) * (q.pursue_health_offset + v.h)
            if trigger in q.noisy_triggers:
                respond *= q.respond_noisy
            if not self.activated:
                respond *= q.pursue_unactivated
            if r.random() > respond:
                continue
            self.open_deal(sub, core, v, trigger, vector, ts, real)
        self.self_serve_cross_sell(sub, core, v)

    def self_serve_cross_sell(self, sub: Sub, core: Item, v: MonthView):
        """An activated account that wants a product line it lacks sometimes adds it in the app
        (product-led, no CSQL and no trigger): a direct deal."""
        a, q = self.a, self.q
        r = a.r
        best = max(range(len(v.interest)), key=lambda i: v.interest[i])
        line = cat.ADDON_LINES[best]
        if (
            not self.activated
            or v.interest[best] <= q.interest_need
            or line in sub.items
            or "cross_sell" in self.open_vectors
            or r.random() >= q.self_serve_cross_sell
        ):
            return
        ts = a.instant_in_month(v.m, q.gate_days, q.gate_hours)
        if ts < a.cal.end_us:
            self.open_deal(sub, core, v, None, "cross_sell:" + line, ts, True)

    def _transition(self, trigger: str, holds: bool) -> bool:
        """True when a month-level condition holds now and did not hold last month."""
        before = self.held.get(trigger, False)
        self.held[trigger] = holds
        return holds and not before

    def candidates(self, sub: Sub, core: Item, v: MonthView) -> list[tuple[str, str, int, bool]]:
        """(trigger, vector, fired_at, real need) of every trigger transition observable in the month."""
        a, q = self.a, self.q
        r, cal, sim, k, m, h = a.r, a.cal, a.sim, a.k, v.m, v.h
        close_ts = cal.month_start(m + 1) + q.signal_hour * HOUR
        # What the account really needs right now (these make a deal likely to be won).
        seat_real = v.cap < UNLIMITED and v.demand >= q.seat_need * v.cap
        usage_ratio = sim.u_plat[k, m] / core.qty if core.model == "usage" else 0.0
        tier_real = (v.hot["usage80"] >= q.hot_months and core.model != "usage") or (
            core.model == "flat" and seat_real
        )
        gate_ts = None
        if (
            cat.TIERS[core.tier] < TOP_TIER
            and core.model != "usage"
            and r.random() < min(q.gate_cluster_max, q.gate_cluster_rate * sim.gate[k, m])
        ):
            # Three gate hits inside ten days (planted in the events) mark a real upgrade need.
            ts = a.instant_in_month(m, q.gate_days, q.gate_hours)
            if ts < cal.end_us:
                sim.gate_clusters.append((k, m, ts))
                gate_ts, tier_real = ts, True
        interest = v.interest
        best = max(range(len(interest)), key=lambda i: interest[i])
        best_line = cat.ADDON_LINES[best]
        cross_real = interest[best] > q.interest_need and best_line not in sub.items
        if seat_real:
            need = "seat"
        elif tier_real:
            need = "tier"
        elif cross_real:
            need = "cross_sell:" + best_line
        else:
            need = None
        vec = need or ("cross_sell:" + best_line if best_line not in sub.items else "seat")
        real = need is not None
        out: list[tuple[str, str, int, bool]] = []
        if seat_real and len(v.invites) >= q.invites:
            out.append(("teammates_invited", "seat", v.invites[q.invites - 1], True))
        seats_hot = core.model == "per_seat" and v.cap < UNLIMITED and v.active >= q.seat_active_ratio * v.cap
        if self._transition("seats_90pct_active", seats_hot):
            out.append(("seats_90pct_active", "seat", close_ts, seat_real))
        hot_platform = v.hot["usage80"] >= q.hot_months
        hot_auto = v.hot["auto90"] >= q.hot_months
        if self._transition("usage_limit_80pct", hot_platform or hot_auto):
            if hot_platform and core.model != "usage":
                out.append(("usage_limit_80pct", "tier", close_ts, True))
            elif hot_platform:
                out.append(("usage_limit_80pct", "usage", close_ts, usage_ratio >= q.overuse))
            else:
                auto = sub.items["automation"]
                over = sim.u_auto[k, m] >= q.overuse * auto.qty
                out.append(("usage_limit_80pct", "usage_auto", close_ts, over))
        if gate_ts is not None:
            out.append(("gated_feature_hits", "tier", gate_ts, True))
        growing = v.active_prev >= q.dau_min_active and v.active >= q.dau_growth * v.active_prev
        if self._transition("dau_wau_growth", growing):
            out.append(("dau_wau_growth", vec, close_ts, real))
        term_end = a.t(sub.term_start_m + sub.term_months)
        window_days = q.renewal_days * DAY
        if (
            sub.term_months > 1
            and 0 < term_end - cal.month_start(m + 1) <= window_days
            and h >= q.renewal_health
        ):
            ts = term_end - window_days + q.signal_hour * HOUR
            if cal.month_start(m) <= ts < cal.end_us:
                out.append(("renewal_60d_healthy", vec, ts, real))
        if (
            not self.headcount_fired
            and m >= q.headcount_min_month
            and a.ms.emp_growth[a.g] >= q.headcount_growth
        ):
            # Headcount up 20%+ year over year in the CRM snapshots.
            self.headcount_fired = True
            out.append(("headcount_growth", vec, cal.month_start(m) + q.headcount_hour * HOUR, real))
        if self.promoted_at is not None:
            out.append(("champion_promoted", vec, self.promoted_at, real))
        return sorted(out, key=lambda c: c[2])

    # ------------------------------------------------------------------ deals
    def deal_change(self, sub: Sub, core: Item, vector: str, demand: float, real: bool) -> dict | None:
        """Concrete billing change a deal would make, with its ARR delta (customer currency)."""
        a, q = self.a, self.q
        r = a.r
        if vector == "seat":
            if core.model == "flat":
                vector = "tier"
            elif core.model == "per_seat":
                if real:
                    qty = float(max(core.qty + 1, math.ceil(demand * r.uniform(*q.seat_ask))))
                else:  # a speculative ask: a few more seats
                    qty = float(max(core.qty + 1, math.ceil(core.qty * r.uniform(*q.seat_ask_speculative))))
                arr = (qty - core.qty) * core.price * (1 - core.disc) * MONTHS_PER_YEAR / sub.interval
                return {"kind": "seat", "qty": qty, "arr": arr}
            else:
                vector = "usage"
        if vector == "tier":
            if core.model == "usage":
                vector = "usage"
            else:
                rank = cat.TIERS[core.tier] + 1
                if rank > TOP_TIER:
                    return None
                tier = cat.TIER_NAMES[rank]
                model, _, included, _ = cat.PLAN_SPECS[("prod_platform", tier)]
                qty = (
                    core.qty
                    if core.model == "per_seat"
                    else float(max(included, math.ceil(demand * q.tier_headroom)))
                )
                price = a.list_price("prod_platform", tier, sub.interval) * a.price_factor
                arr = (
                    qty * price * (1 - core.disc) * MONTHS_PER_YEAR / sub.interval
                    - core.qty * core.price * (1 - core.disc) * MONTHS_PER_YEAR / sub.interval
                )
                return {"kind": "tier", "tier": tier, "qty": qty, "model": model, "arr": arr}
        if vector in ("usage", "usage_auto"):
            line = "platform" if vector == "usage" else "automation"
            it = sub.items.get(line)
            if it is None or cat.TIERS[it.tier] >= TOP_TIER:
                return None
            tier = cat.TIER_NAMES[cat.TIERS[it.tier] + 1]
            qty = cat.usage_limit(it.product, tier)
            price = a.list_price(it.product, tier, sub.interval) * a.price_factor
            arr = (qty * price - it.qty * it.price) * (1 - it.disc) * MONTHS_PER_YEAR / sub.interval
            return {"kind": "usage", "line": line, "tier": tier, "qty": float(qty), "arr": arr}
        if vector.startswith("cross_sell"):
            line = vector.split(":")[1]
            if line in sub.items:
                return None
            product, tier, qty = self.billing.addon_spec(line, sub, demand)
            price = a.list_price(product, tier, sub.interval) * a.price_factor
            return {"kind": "cross_sell", "line": line, "arr": qty * price * MONTHS_PER_YEAR / sub.interval}
        return None

    def open_deal(
        self,
        sub: Sub,
        core: Item,
        v: MonthView,
        trigger: str | None,
        vector: str,
        signal: int,
        real: bool,
    ):
        a, q = self.a, self.q
        r = a.r
        change = self.deal_change(sub, core, vector, v.demand, real)
        if change is None or change["arr"] <= 0:
            return
        # Deals backed by a real need and a healthy account usually close; speculative ones rarely do.
        lo, hi = q.win_bounds
        win_p = (
            min(hi, max(lo, q.win_base + q.win_slope * (v.h - q.win_pivot))) if real else q.win_speculative
        )
        won = r.random() < win_p
        via_csql = r.random() < a.p["csql_share"] or change["arr"] > q.csql_arr
        if via_csql and trigger is not None:
            close = self.csql_deal(change, trigger, signal, won)
        else:
            close = self.direct_deal(change, signal, won)
        if close is not None and won:
            change["exec"] = (
                close + r.randrange(*q.exec_half_days) * DAY // 2 + r.randrange(*q.exec_hours) * HOUR
            )
            self.pending.append(change)
            self.open_vectors.add(change["kind"])

    def csql_deal(self, change: dict, trigger: str, signal: int, won: bool) -> int | None:
        """A deal worked through a CSQL; returns its close instant when it closed before as-of."""
        a, q = self.a, self.q
        r, cal = a.r, a.cal
        csql_id = a.ids.next("csql")
        fast = r.random() < q.csql_fast
        delay = (r.uniform(*q.csql_fast_hours) if fast else r.uniform(*q.csql_slow_hours)) * HOUR
        created = int(signal + delay)
        if created >= cal.end_us:
            a.ids.count["csql"] -= 1
            return None
        a.sim.rows["csqls"].add(csql_id, a.acc, trigger, signal, created, a.ms.csm_owner[a.g])
        hist = a.sim.rows["csql_stage_history"]
        hist.add(csql_id, "created", created)
        ts, reached, stage_times = self.walk_stages(csql_id, created, change["arr"], won)
        qualified = stage_times.get("qualified")
        if ts is None:
            close = None
        elif reached == "negotiation":
            # Terms under discussion: the negotiation SLA (15 business days) is sometimes breached.
            lo, hi, breach, blo, bhi = q.negotiation_days
            days = r.randint(blo, bhi) if r.random() < breach else r.randint(lo, hi)
            close = add_business_days(ts, days) + r.randrange(*q.close_hours) * HOUR
        else:
            close = add_business_days(ts, r.randint(*q.close_days)) + r.randrange(*q.close_hours) * HOUR
        if close is None or close >= cal.end_us:
            if qualified is not None:
                self.opps.record(
                    csql_id, "expansion", change["kind"], "csm", change["arr"], qualified, None, reached, None
                )
            self.open_vectors.add(change["kind"])
            return None
        hist.add(csql_id, "closed_won" if won else "closed_lost", close)
        if qualified is not None:
            source = "csm" if change["arr"] < q.ae_arr else ("ae" if r.random() < q.ae_share else "csm")
            stage = "closed_won" if won else "closed_lost"
            self.opps.record(
                csql_id, "expansion", change["kind"], source, change["arr"], qualified, close, stage, won
            )
        return close

    def walk_stages(self, csql_id: str, created: int, arr: float, won: bool) -> tuple[int | None, str, dict]:
        """Stage history after `created`; returns the last instant (None past as-of), stage and times."""
        a, q = self.a, self.q
        r = a.r
        hist = a.sim.rows["csql_stage_history"]
        ts = created
        reached = "created"
        lost_at = r.randrange(*q.lost_stage) if not won else len(q.stages) + 1
        stage_times: dict[str, int] = {}
        for i, (stage, lo, hi, breach, blo, bhi) in enumerate(q.stages, start=1):
            if i >= lost_at and r.random() < q.lost_stop:
                break
            if stage == "negotiation" and (arr < q.negotiation_min_arr or r.random() < q.skip_negotiation):
                continue  # small deals skip negotiation
            if stage == "proposal_sent" and arr < q.proposal_min_arr and r.random() < q.skip_proposal:
                continue
            days = r.randint(blo, bhi) if r.random() < breach else r.randint(lo, hi)
            nxt = add_business_days(ts, days) + r.randrange(*q.stage_jitter_hours) * HOUR
            if nxt >= a.cal.end_us:
                return None, reached, stage_times
            hist.add(csql_id, stage, nxt)
            stage_times[stage] = nxt
            ts, reached = nxt, stage
        return ts, reached, stage_times

    def direct_deal(self, change: dict, signal: int, won: bool) -> int | None:
        """A deal without a CSQL (self-serve, AE or partner); returns its close instant when closed."""
        a, q = self.a, self.q
        r, cal = a.r, a.cal
        if a.seg == "smb" or change["kind"] == "seat":
            source = "product"
        else:
            source = "partner" if r.random() < q.partner else "ae"
        created = signal + int(r.uniform(*q.direct_open_days) * DAY) if source != "product" else signal + HOUR
        if source == "product":
            close = created + r.randrange(*q.product_close_hours) * HOUR
        else:
            close = add_business_days(created, r.randint(*q.direct_close_days))
        if created >= cal.end_us:
            return None
        if close >= cal.end_us:
            self.opps.record(
                None, "expansion", change["kind"], source, change["arr"], created, None, "proposal_sent", None
            )
            self.open_vectors.add(change["kind"])
            return None
        stage = "closed_won" if won else "closed_lost"
        self.opps.record(None, "expansion", change["kind"], source, change["arr"], created, close, stage, won)
        return close
