"""CRM tables for one chunk, driven by the simulation's hidden health trajectory.

Healthy accounts get regular touches, promoters, few tickets and achieved milestones;
accounts sliding toward churn go quiet (fewer activities), file more tickets, answer
surveys as detractors, miss milestones and often lose their champion.
"""

from __future__ import annotations

import numpy as np

from . import catalog as cat
from . import names
from .accounts import SEGMENTS
from .chunk import ChunkSim, Ids
from .timeutil import DAY, HOUR, NULL_TS, US, Calendar

MILESTONES = (  # type -> target days after landing per segment (smb, mm, ent); None = not tracked
    ("onboarding_complete", (30, 45, 60)),
    ("first_value", (45, 60, 90)),
    ("adoption_target", (90, 120, 150)),
    ("roi_achieved", (180, 240, 270)),
    ("executive_business_review", (None, 330, 300)),
)
TICKET_CATEGORIES = ("bug", "how_to", "billing", "integration", "performance", "access")
ACTIVITY_TYPES = ("email", "call", "meeting", "qbr", "event", "webinar")


class Contacts:
    """Contacts of a chunk plus their change history."""

    def __init__(self):
        self.rows = {
            c: []
            for c in (
                "contact_id",
                "account_id",
                "email",
                "full_name",
                "title",
                "seniority",
                "department",
                "is_champion",
                "is_exec_sponsor",
                "created_at",
                "left_company_at",
            )
        }
        self.local: list[int] = []
        self.history = {c: [] for c in ("contact_id", "changed_at", "field", "old_value", "new_value")}

    def hist(self, cid, ts, field, old, new):
        for col, v in zip(self.history.values(), (cid, ts, field, old, new), strict=True):
            col.append(v)


def build_contacts(
    sim: ChunkSim, master, lo: int, cal: Calendar, rng: np.random.Generator, ids: Ids
) -> Contacts:
    out = Contacts()
    n_range = {"smb": (3, 7), "mid_market": (6, 13), "enterprise": (10, 26)}
    events_by_acc: dict[int, list] = {}
    for k, kind, ts in sim.champion_events:
        events_by_acc.setdefault(k, []).append((ts, kind))
    for k in range(sim.n):
        g = lo + k
        seg = master.segment[g]
        created0 = int(master.created_us[g])
        a, b = n_range[seg]
        n = int(rng.integers(a, b)) if sim.land_us[k] >= 0 else int(rng.integers(1, 3))
        people = []
        for i in range(n):
            fn = names.FIRST_NAMES[int(rng.integers(0, len(names.FIRST_NAMES)))]
            ln = names.LAST_NAMES[int(rng.integers(0, len(names.LAST_NAMES)))]
            if i == 0:
                sen = "manager"
            elif i == 1:
                sen = "director" if seg != "smb" else "manager"
            else:
                sen = names.SENIORITY[int(rng.choice(5, p=(0.30, 0.30, 0.20, 0.12, 0.08)))]
            dept = names.DEPARTMENTS[int(rng.integers(0, len(names.DEPARTMENTS)))]
            # Most contacts exist from the start; some join later (new stakeholders).
            if i < 2 or rng.random() < 0.6:
                created = created0 + (0 if i == 0 else int(rng.uniform(0, 45) * DAY))
            else:
                created = int(rng.uniform(created0, max(created0 + DAY, cal.end_us - 10 * DAY)))
            created = min(created, cal.end_us - HOUR)
            people.append(
                {
                    "id": ids.next("con"),
                    "fn": fn,
                    "ln": ln,
                    "sen": sen,
                    "dept": dept,
                    "title": names.title_for(sen, dept, int(rng.integers(0, 4))),
                    "created": created,
                    "left": None,
                    "champ": i == 1,
                    "exec": False,
                }
            )
        # Executive sponsor: most enterprise accounts, some mid-market ones.
        if n > 2 and rng.random() < {"smb": 0.05, "mid_market": 0.35, "enterprise": 0.85}[seg]:
            p = people[2]
            p["sen"] = "c_level" if rng.random() < 0.5 else "vp"
            p["title"] = names.title_for(p["sen"], p["dept"], int(rng.integers(0, 4)))
            p["exec"] = True
        champ = 1 if n > 1 else 0
        people[champ]["champ"] = True
        for ts, kind in sorted(events_by_acc.get(k, [])):
            cur = people[champ]
            if cur["left"] is not None or ts <= cur["created"]:
                continue
            if kind == "promoted":
                new_sen = "vp" if cur["sen"] in ("ic", "manager", "director") else "c_level"
                if new_sen == cur["sen"]:
                    continue
                new_title = names.title_for(new_sen, cur["dept"], int(rng.integers(0, 4)))
                out.hist(cur["id"], ts, "seniority", cur["sen"], new_sen)
                out.hist(cur["id"], ts, "title", cur["title"], new_title)
                cur["sen"], cur["title"] = new_sen, new_title
            else:  # champion leaves the company; a successor is named a few weeks later
                cur["left"] = ts
                cur["champ"] = False
                out.hist(cur["id"], ts, "is_champion", "true", "false")
                cands = [
                    i
                    for i, p in enumerate(people)
                    if p["left"] is None and i not in (0, champ) and p["created"] < ts
                ]
                nxt = ts + int(rng.uniform(10, 70) * DAY)
                if cands and nxt < cal.end_us:
                    champ = cands[int(rng.integers(0, len(cands)))]
                    people[champ]["champ"] = True
                    out.hist(people[champ]["id"], nxt, "is_champion", "false", "true")
        # Ordinary turnover among other contacts (never the primary contact 0 or the champion).
        for i, p in enumerate(people):
            if i in (0, champ) or p["left"] is not None:
                continue
            if rng.random() < 0.12:
                left = int(rng.uniform(p["created"] + 30 * DAY, p["created"] + 900 * DAY))
                if left < cal.end_us:
                    p["left"] = left
                    if p["exec"]:
                        p["exec"] = False
        seen = set()
        for p in people:
            email = f"{p['fn']}.{p['ln']}".lower()
            while email in seen:
                email += str(int(rng.integers(1, 10)))
            seen.add(email)
            row = (
                p["id"],
                master.account_id[g],
                f"{email}@{master.domain[g]}",
                f"{p['fn']} {p['ln']}",
                p["title"],
                p["sen"],
                p["dept"],
                p["champ"],
                p["exec"],
                p["created"],
                p["left"],
            )
            for col, v in zip(out.rows.values(), row, strict=True):
                col.append(v)
            out.local.append(k)
    return out


def _contact_picker(contacts: Contacts, n_acc: int):
    local = np.asarray(contacts.local, dtype=np.int64)
    created = np.array(contacts.rows["created_at"], dtype=np.int64)
    left = np.array([NULL_TS if v is None else v for v in contacts.rows["left_company_at"]], dtype=np.int64)
    left = np.where(left == NULL_TS, np.iinfo(np.int64).max, left)
    start = np.searchsorted(local, np.arange(n_acc), side="left")
    count = np.searchsorted(local, np.arange(n_acc), side="right") - start

    def pick(acc: np.ndarray, ts: np.ndarray, rng) -> np.ndarray:
        """A contact of the account employed at ts (the primary contact as fallback)."""
        pos = start[acc] + np.minimum((rng.random(len(acc)) * count[acc]).astype(np.int64), count[acc] - 1)
        ok = (created[pos] <= ts) & (left[pos] > ts)
        return np.where(ok, pos, start[acc])

    return pick, created


def crm_tables(
    sim: ChunkSim,
    master,
    lo: int,
    cal: Calendar,
    rng: np.random.Generator,
    ids: Ids,
    contacts: Contacts,
    counters: dict,
) -> dict:
    M = cal.months
    ms = cal.month_starts(np.arange(-cal.PAD_BEFORE, M + 1))
    ms0 = cal.PAD_BEFORE  # ms[ms0 + m] = start of month m
    end = cal.end_us
    n = sim.n
    acc_ids = np.array(master.account_id[lo : lo + n], dtype=object)
    seg_idx = np.array([SEGMENTS.index(s) for s in master.segment[lo : lo + n]], dtype=np.int64)
    pick_contact, c_created = _contact_picker(contacts, n)
    contact_ids = np.array(contacts.rows["contact_id"], dtype=object)
    out: dict[str, dict] = {}

    # ---------------------------------------------------------------- snapshots and accounts
    first_m = np.maximum(cal.month_index(np.asarray(master.created_us[lo : lo + n])), 0)
    emp0 = np.asarray(master.employees0[lo : lo + n])
    growth = np.asarray(master.emp_growth[lo : lo + n])
    funded = rng.random(n) < np.where(seg_idx == 2, 0.1, 0.45)
    funding_months = [
        np.sort(rng.choice(np.arange(-12, M), size=int(rng.integers(1, 4)), replace=False))
        if funded[k]
        else np.zeros(0, dtype=np.int64)
        for k in range(n)
    ]
    snap = {
        c: []
        for c in ("account_id", "snapshot_date", "segment", "employee_count", "open_roles", "last_funding_at")
    }
    emp_now = np.zeros(n, dtype=np.int64)
    for k in range(n):
        months = np.arange(first_m[k], M)
        if not len(months):
            months = np.array([M - 1])
        noise = np.exp(rng.normal(0.0, 0.006, len(months)))
        emp = np.maximum(2, np.round(emp0[k] * np.exp(growth[k] * months / 12.0) * noise)).astype(np.int64)
        roles = np.maximum(0, np.round(emp * max(growth[k], 0.0) * 0.08 * rng.uniform(0.6, 1.4, len(months))))
        fm = funding_months[k]
        fts = np.full(len(months), NULL_TS, dtype=np.int64)
        if len(fm):
            # latest funding round strictly before the snapshot month (announced on the 13th)
            idx = np.searchsorted(fm, months - 1, side="right") - 1
            fts = np.where(idx >= 0, ms[ms0 + fm[np.maximum(idx, 0)]] + 12 * DAY, NULL_TS)
        snap["account_id"].append(np.full(len(months), acc_ids[k], dtype=object))
        snap["snapshot_date"].append((ms[ms0 + months] // DAY).astype("datetime64[D]"))
        snap["segment"].append(np.array(SEGMENTS, dtype=object)[sim.segment[k, months]])
        snap["employee_count"].append(emp)
        snap["open_roles"].append(roles.astype(np.int64))
        snap["last_funding_at"].append(fts.astype(np.int64))
        emp_now[k] = emp[-1]
    out["account_snapshots"] = {c: np.concatenate(v) for c, v in snap.items()}

    out["accounts"] = {
        "account_id": acc_ids,
        "account_name": master.name[lo : lo + n],
        "parent_account_id": [master.account_id[p] if p >= 0 else None for p in master.parent[lo : lo + n]],
        "segment": np.array(SEGMENTS, dtype=object)[sim.segment[:, M - 1]],
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

    # ---------------------------------------------------------------- account-month grid
    acc_g, mon_g = np.nonzero(sim.alive)
    h = sim.health[acc_g, mon_g]
    seg_g = seg_idx[acc_g]
    mlo = ms[ms0 + mon_g]
    mhi = np.minimum(ms[ms0 + mon_g + 1], end)

    def times(rows: np.ndarray, lo_=None, hi_=None) -> np.ndarray:
        a = mlo[rows] if lo_ is None else lo_
        b = mhi[rows] if hi_ is None else hi_
        t = a + (rng.random(len(rows)) * (b - a)).astype(np.int64)
        # Nudge to working hours: keep the date, set a time between 08:00 and 18:00.
        day = t // DAY
        return np.minimum(
            day * DAY + (8 * HOUR + (rng.random(len(rows)) * 10 * HOUR).astype(np.int64)), end - US
        )

    # ---------------------------------------------------------------- activities
    base = np.array([1.5, 4.0, 7.0])[seg_g]
    lam = base * (0.15 + 1.1 * h**1.5)
    parts = []
    for t_idx, share in ((0, 0.45), (1, 0.25), (2, 0.22), (4, 0.05), (5, 0.03)):
        cnt = rng.poisson(lam * share)
        rows = np.repeat(np.arange(len(acc_g)), cnt)
        parts.append((rows, np.full(len(rows), t_idx)))
    # QBRs: quarterly for mid-market and enterprise accounts that are engaged.
    months_since = (
        mon_g - np.array([np.argmax(sim.alive[k]) for k in range(n)], dtype=np.int64)[acc_g] if n else mon_g
    )
    qbr = (seg_g >= 1) & (months_since % 3 == 2) & (rng.random(len(acc_g)) < 0.35 + 0.6 * h)
    rows = np.flatnonzero(qbr)
    parts.append((rows, np.full(len(rows), 3)))
    rows = np.concatenate([p[0] for p in parts])
    types = np.concatenate([p[1] for p in parts])
    ts = times(rows)
    acc_a = acc_g[rows]
    con = pick_contact(acc_a, ts, rng)
    ts = np.maximum(ts, c_created[con] + US)
    good = ts < end
    owner_csm = np.array(master.csm_owner[lo : lo + n], dtype=object)
    owner_ae = np.array(master.ae_owner[lo : lo + n], dtype=object)
    by_ae = rng.random(len(rows)) < 0.15
    order = np.lexsort((types[good], ts[good], acc_a[good]))
    n_act = int(good.sum())
    start_id = counters.get("act", 0)
    counters["act"] = start_id + n_act
    out["activities"] = {
        "activity_id": [f"act_{start_id + i + 1:010d}" for i in range(n_act)],
        "account_id": acc_ids[acc_a[good]][order],
        "contact_id": contact_ids[con[good]][order],
        "activity_type": np.array(ACTIVITY_TYPES, dtype=object)[types[good]][order],
        "occurred_at": ts[good][order],
        "owner_id": np.where(by_ae[good], owner_ae[acc_a[good]], owner_csm[acc_a[good]])[order],
    }

    # ---------------------------------------------------------------- support tickets
    users = sim.users[acc_g, mon_g]
    lam = np.array([0.25, 0.6, 1.2])[seg_g] * np.sqrt(users / 20.0 + 0.5) * (0.3 + 4.5 * (1.0 - h) ** 2)
    cnt = rng.poisson(lam)
    rows = np.repeat(np.arange(len(acc_g)), cnt)
    tn = len(rows)
    created = times(rows) + (rng.random(tn) * 3600 * US).astype(np.int64) - 30 * 60 * US
    created = np.clip(created, mlo[rows], end - US)
    hr = h[rows]
    pr = rng.random(tn) - 0.25 * (1 - hr)
    priority = np.where(
        pr < 0.05, "urgent", np.where(pr < 0.25, "high", np.where(pr < 0.75, "normal", "low"))
    )
    feature_req = rng.random(tn) < 0.12
    cat_idx = rng.integers(0, len(TICKET_CATEGORIES), tn)
    category = np.where(feature_req, "feature_request", np.array(TICKET_CATEGORIES, dtype=object)[cat_idx])
    interest = sim.interest[acc_g[rows]]
    owned = sim.owned[acc_g[rows], mon_g[rows]]
    line_pick = np.argmax(interest + rng.random(interest.shape) * 0.3, axis=1)
    line_owned = ((owned >> line_pick) & 1) == 1
    req_line = np.where(
        feature_req,
        np.where(line_owned, "platform", np.array(cat.ADDON_LINES, dtype=object)[line_pick]),
        None,
    )
    med_h = np.select([priority == "urgent", priority == "high"], [4.0, 12.0], 30.0)
    resolved = created + (np.exp(rng.normal(np.log(med_h), 0.9)) * HOUR).astype(np.int64)
    resolved = np.where(feature_req & (rng.random(tn) < 0.5), resolved + 20 * DAY, resolved)
    resolved = np.where(resolved < end, resolved, NULL_TS)
    csat = np.clip(np.round(1.2 + 4.2 * hr + rng.normal(0, 0.7, tn)), 1, 5).astype(np.int64)
    has_csat = (resolved != NULL_TS) & (rng.random(tn) < 0.55)
    order = np.lexsort((created, acc_g[rows]))
    start_id = counters.get("tkt", 0)
    counters["tkt"] = start_id + tn
    out["support_tickets"] = {
        "ticket_id": [f"tkt_{start_id + i + 1:09d}" for i in range(tn)],
        "account_id": acc_ids[acc_g[rows]][order],
        "created_at": created[order],
        "resolved_at": resolved[order],
        "priority": priority.astype(object)[order],
        "category": category.astype(object)[order],
        "csat_score": [int(v) if ok else None for v, ok in zip(csat[order], has_csat[order], strict=True)],
        "is_feature_request": feature_req[order],
        "requested_product_line": req_line[order],
    }

    # ---------------------------------------------------------------- NPS (survey every 6 months)
    phase = rng.integers(0, 6, n)
    wave = (mon_g % 6) == phase[acc_g]
    rows = np.flatnonzero(wave)
    k_resp = rng.integers(1, 4, len(rows)) + (seg_g[rows] == 2) * rng.integers(0, 3, len(rows))
    respond = rng.random(len(rows)) < 0.55 + 0.3 * h[rows]
    k_resp = k_resp * respond
    rrows = np.repeat(rows, k_resp)
    ts = times(rrows)
    acc_r = acc_g[rrows]
    con = pick_contact(acc_r, ts, rng)
    ts = np.maximum(ts, c_created[con] + US)
    score = np.clip(np.round(0.8 + 10.0 * h[rrows] + rng.normal(0, 1.2, len(rrows))), 0, 10).astype(np.int64)
    ok = ts < end
    order = np.lexsort((ts[ok], acc_r[ok]))
    start_id = counters.get("nps", 0)
    n_nps = int(ok.sum())
    counters["nps"] = start_id + n_nps
    out["nps_responses"] = {
        "response_id": [f"nps_{start_id + i + 1:08d}" for i in range(n_nps)],
        "account_id": acc_ids[acc_r[ok]][order],
        "contact_id": contact_ids[con[ok]][order],
        "responded_at": ts[ok][order],
        "score": score[ok][order],
    }

    # ---------------------------------------------------------------- success milestones
    ms_rows = {c: [] for c in ("milestone_id", "account_id", "milestone_type", "target_date", "achieved_at")}
    for k in range(n):
        land = int(sim.land_us[k])
        if land < 0:
            continue
        s = seg_idx[k]
        live_months = np.flatnonzero(sim.alive[k])
        for mtype, offsets in MILESTONES:
            off = offsets[s]
            if off is None:
                continue
            target = land + off * DAY
            tm = int(cal.month_index(target))
            if target - 60 * DAY >= end:
                continue
            hm = sim.health[k, min(max(tm, 0), M - 1)]
            alive_then = tm in set(live_months.tolist()) or tm >= M
            if mtype == "onboarding_complete":
                achieved = int(sim.onboarded_us[k]) if sim.onboarded_us[k] >= 0 else None
            elif alive_then and rng.random() < 0.15 + 0.85 * hm:
                achieved = target + int(rng.normal(-4.0, 14.0) * DAY) + int(rng.integers(9, 17)) * HOUR
                achieved = max(achieved, land + 3 * DAY)
                achieved = achieved if achieved < end else None
            else:
                achieved = None
            ms_rows["milestone_id"].append(ids.next("ms"))
            ms_rows["account_id"].append(acc_ids[k])
            ms_rows["milestone_type"].append(mtype)
            ms_rows["target_date"].append(target)
            ms_rows["achieved_at"].append(achieved)
    out["success_milestones"] = ms_rows
    return out
