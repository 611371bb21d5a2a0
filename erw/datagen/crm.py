"""CRM tables for one chunk, driven by the simulation's hidden health trajectory.

Healthy accounts get regular touches, promoters, few tickets and achieved milestones;
accounts sliding toward churn go quiet (fewer activities), file more tickets, answer
surveys as detractors, miss milestones and often lose their champion.

`crm_tables` builds the shared `CrmChunk` (the account-month grid of live months and its
timestamp helper) and calls one function per table family, in a fixed order: accounts and
snapshots here, activities in `crm_activity.py`, support tickets and NPS in `support.py`,
success milestones here. Contacts come from `contacts.py`.
"""

from __future__ import annotations

import numpy as np

from .accounts import SEGMENTS
from .chunk import ChunkSim, Ids
from .contacts import Contacts, contact_picker
from .crm_activity import activities
from .params import DEFAULT, Params
from .support import nps_responses, support_tickets
from .timeutil import DAY, HOUR, MONTHS_PER_YEAR, NULL_TS, US, Calendar

MILESTONE_TYPES = (  # target days after landing per segment: params.SEGMENT[...]["milestone_days"]
    "onboarding_complete",
    "first_value",
    "adoption_target",
    "roi_achieved",
    "executive_business_review",
)

SNAPSHOT_COLUMNS = (
    "account_id",
    "snapshot_date",
    "segment",
    "employee_count",
    "open_roles",
    "last_funding_at",
)
MILESTONE_COLUMNS = ("milestone_id", "account_id", "milestone_type", "target_date", "achieved_at")


class CrmChunk:
    """What the CRM table builders of one chunk share: ids, the live account-month grid, helpers."""

    def __init__(
        self, sim: ChunkSim, master, lo: int, cal: Calendar, rng, contacts: Contacts, params: Params
    ):
        self.sim, self.master, self.lo, self.cal, self.rng, self.params = sim, master, lo, cal, rng, params
        self.q = params.crm
        self.M = cal.months
        self.ms = cal.month_starts(np.arange(-cal.PAD_BEFORE, self.M + 1))
        self.ms0 = cal.PAD_BEFORE  # ms[ms0 + m] = start of month m
        self.end = cal.end_us
        n = self.n = sim.n
        self.acc_ids = np.array(master.account_id[lo : lo + n], dtype=object)
        self.seg_idx = np.array([SEGMENTS.index(s) for s in master.segment[lo : lo + n]], dtype=np.int64)
        self.pick_contact, self.c_created = contact_picker(contacts, n)
        self.contact_ids = np.array(contacts.rows["contact_id"], dtype=object)

    def by_segment(self, key: str) -> np.ndarray:
        """A per-segment parameter as an array indexed by segment position."""
        return np.array([self.params.segment[s][key] for s in SEGMENTS])

    def build_grid(self):
        """The account-month grid of live months (after the snapshot draws, as the stream expects)."""
        self.acc_g, self.mon_g = np.nonzero(self.sim.alive)
        self.h = self.sim.health[self.acc_g, self.mon_g]
        self.seg_g = self.seg_idx[self.acc_g]
        self.mlo = self.ms[self.ms0 + self.mon_g]
        self.mhi = np.minimum(self.ms[self.ms0 + self.mon_g + 1], self.end)

    def times(self, rows: np.ndarray) -> np.ndarray:
        """A random instant in each row's month, moved to working hours on the same date."""
        rng, q = self.rng, self.q
        a, b = self.mlo[rows], self.mhi[rows]
        t = a + (rng.random(len(rows)) * (b - a)).astype(np.int64)
        day = t // DAY
        work = q.workday_start_hour * HOUR + (rng.random(len(rows)) * q.workday_hours * HOUR).astype(np.int64)
        return np.minimum(day * DAY + work, self.end - US)


def crm_tables(
    sim: ChunkSim,
    master,
    lo: int,
    cal: Calendar,
    rng: np.random.Generator,
    ids: Ids,
    contacts: Contacts,
    counters: dict,
    params: Params = DEFAULT,
) -> dict:
    c = CrmChunk(sim, master, lo, cal, rng, contacts, params)
    out: dict[str, dict] = {}
    out["account_snapshots"], emp_now = account_snapshots(c)
    out["accounts"] = accounts(c, emp_now)
    c.build_grid()
    out["activities"] = activities(c, counters)
    out["support_tickets"] = support_tickets(c, counters)
    out["nps_responses"] = nps_responses(c, counters)
    out["success_milestones"] = success_milestones(c, ids)
    return out


def account_snapshots(c: CrmChunk) -> tuple[dict, np.ndarray]:
    """Monthly headcount, open roles and latest funding per account; also the current headcount."""
    rng, q, master, lo, n, M = c.rng, c.q, c.master, c.lo, c.n, c.M
    first_m = np.maximum(c.cal.month_index(np.asarray(master.created_us[lo : lo + n])), 0)
    emp0 = np.asarray(master.employees0[lo : lo + n])
    growth = np.asarray(master.emp_growth[lo : lo + n])
    funded = rng.random(n) < np.where(
        c.seg_idx == SEGMENTS.index("enterprise"), q.funded_enterprise, q.funded
    )
    funding_months = [
        np.sort(
            rng.choice(
                np.arange(q.funding_from_month, M), size=int(rng.integers(*q.funding_rounds)), replace=False
            )
        )
        if funded[k]
        else np.zeros(0, dtype=np.int64)
        for k in range(n)
    ]
    snap = {col: [] for col in SNAPSHOT_COLUMNS}
    emp_now = np.zeros(n, dtype=np.int64)
    for k in range(n):
        months = np.arange(first_m[k], M)
        if not len(months):
            months = np.array([M - 1])
        noise = np.exp(rng.normal(0.0, q.headcount_noise, len(months)))
        emp = np.round(emp0[k] * np.exp(growth[k] * months / MONTHS_PER_YEAR) * noise)
        emp = np.maximum(q.min_employees, emp).astype(np.int64)
        spread = rng.uniform(*q.open_roles_spread, len(months))
        roles = np.maximum(0, np.round(emp * max(growth[k], 0.0) * q.open_roles_rate * spread))
        fm = funding_months[k]
        fts = np.full(len(months), NULL_TS, dtype=np.int64)
        if len(fm):
            # latest funding round strictly before the snapshot month (announced on the funding day)
            idx = np.searchsorted(fm, months - 1, side="right") - 1
            fts = np.where(idx >= 0, c.ms[c.ms0 + fm[np.maximum(idx, 0)]] + q.funding_day * DAY, NULL_TS)
        snap["account_id"].append(np.full(len(months), c.acc_ids[k], dtype=object))
        snap["snapshot_date"].append((c.ms[c.ms0 + months] // DAY).astype("datetime64[D]"))
        snap["segment"].append(np.array(SEGMENTS, dtype=object)[c.sim.segment[k, months]])
        snap["employee_count"].append(emp)
        snap["open_roles"].append(roles.astype(np.int64))
        snap["last_funding_at"].append(fts.astype(np.int64))
        emp_now[k] = emp[-1]
    return {col: np.concatenate(v) for col, v in snap.items()}, emp_now


def accounts(c: CrmChunk, emp_now: np.ndarray) -> dict:
    master, lo, n, sim = c.master, c.lo, c.n, c.sim
    return {
        "account_id": c.acc_ids,
        "account_name": master.name[lo : lo + n],
        "parent_account_id": [master.account_id[p] if p >= 0 else None for p in master.parent[lo : lo + n]],
        "segment": np.array(SEGMENTS, dtype=object)[sim.segment[:, c.M - 1]],
        "industry": master.industry[lo : lo + n],
        "region": master.region[lo : lo + n],
        "employee_count": emp_now,
        "csm_owner_id": master.csm_owner[lo : lo + n],
        "ae_owner_id": master.ae_owner[lo : lo + n],
        "fiscal_year_start_month": master.fiscal_start[lo : lo + n],
        "created_at": np.asarray(master.created_us[lo : lo + n]),
        "onboarded_at": np.where(sim.onboarded_us >= 0, sim.onboarded_us, NULL_TS),
        "is_deleted": master.is_deleted[lo : lo + n],
    }


def success_milestones(c: CrmChunk, ids: Ids) -> dict:
    rng, q, sim, M, end = c.rng, c.q, c.sim, c.M, c.end
    ms_rows = {col: [] for col in MILESTONE_COLUMNS}
    for k in range(c.n):
        land = int(sim.land_us[k])
        if land < 0:
            continue
        days = c.params.segment[SEGMENTS[c.seg_idx[k]]]["milestone_days"]
        live_months = np.flatnonzero(sim.alive[k])
        for mtype, off in zip(MILESTONE_TYPES, days, strict=True):
            if off is None:
                continue
            target = land + off * DAY
            tm = int(c.cal.month_index(target))
            if target - q.milestone_horizon_days * DAY >= end:
                continue
            hm = sim.health[k, min(max(tm, 0), M - 1)]
            alive_then = tm in set(live_months.tolist()) or tm >= M
            if mtype == "onboarding_complete":
                achieved = int(sim.onboarded_us[k]) if sim.onboarded_us[k] >= 0 else None
            elif alive_then and rng.random() < q.milestone_base + q.milestone_slope * hm:
                achieved = target + int(rng.normal(*q.milestone_offset_days) * DAY)
                achieved += int(rng.integers(*q.milestone_hours)) * HOUR
                achieved = max(achieved, land + q.milestone_min_days * DAY)
                achieved = achieved if achieved < end else None
            else:
                achieved = None
            ms_rows["milestone_id"].append(ids.next("ms"))
            ms_rows["account_id"].append(c.acc_ids[k])
            ms_rows["milestone_type"].append(mtype)
            ms_rows["target_date"].append(target)
            ms_rows["achieved_at"].append(achieved)
    return ms_rows
