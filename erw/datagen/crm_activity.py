"""CRM activities (emails, calls, meetings, QBRs, events, webinars) of one chunk's live account-months.

Touches follow health: healthy accounts get regular contact, accounts sliding toward churn go
quiet. QBRs are quarterly for engaged mid-market and enterprise accounts.
"""

from __future__ import annotations

import numpy as np

from .timeutil import US

ACTIVITY_TYPES = ("email", "call", "meeting", "qbr", "event", "webinar")


def activities(c, counters: dict) -> dict:
    """Activity rows of the chunk (`c` is a `crm.CrmChunk`); ids continue the `act` counter."""
    rng, q, sim, n = c.rng, c.q, c.sim, c.n
    acc_g, mon_g, h, seg_g = c.acc_g, c.mon_g, c.h, c.seg_g
    base = c.by_segment("activities_per_month")[seg_g]
    lam = base * (q.activity_health_base + q.activity_health_slope * h**q.activity_health_power)
    parts = []
    for kind, share in q.activity_mix:
        cnt = rng.poisson(lam * share)
        rows = np.repeat(np.arange(len(acc_g)), cnt)
        parts.append((rows, np.full(len(rows), ACTIVITY_TYPES.index(kind))))
    # QBRs: quarterly for mid-market and enterprise accounts that are engaged.
    months_since = (
        mon_g - np.array([np.argmax(sim.alive[k]) for k in range(n)], dtype=np.int64)[acc_g] if n else mon_g
    )
    in_qbr_month = months_since % q.qbr_every_months == q.qbr_every_months - 1
    qbr = (seg_g >= 1) & in_qbr_month & (rng.random(len(acc_g)) < q.qbr_base + q.qbr_slope * h)
    rows = np.flatnonzero(qbr)
    parts.append((rows, np.full(len(rows), ACTIVITY_TYPES.index("qbr"))))
    rows = np.concatenate([p[0] for p in parts])
    types = np.concatenate([p[1] for p in parts])
    ts = c.times(rows)
    acc_a = acc_g[rows]
    con = c.pick_contact(acc_a, ts, rng)
    ts = np.maximum(ts, c.c_created[con] + US)
    good = ts < c.end
    owner_csm = np.array(c.master.csm_owner[c.lo : c.lo + n], dtype=object)
    owner_ae = np.array(c.master.ae_owner[c.lo : c.lo + n], dtype=object)
    by_ae = rng.random(len(rows)) < q.ae_activity
    order = np.lexsort((types[good], ts[good], acc_a[good]))
    n_act = int(good.sum())
    start_id = counters.get("act", 0)
    counters["act"] = start_id + n_act
    return {
        "activity_id": [f"act_{start_id + i + 1:010d}" for i in range(n_act)],
        "account_id": c.acc_ids[acc_a[good]][order],
        "contact_id": c.contact_ids[con[good]][order],
        "activity_type": np.array(ACTIVITY_TYPES, dtype=object)[types[good]][order],
        "occurred_at": ts[good][order],
        "owner_id": np.where(by_ae[good], owner_ae[acc_a[good]], owner_csm[acc_a[good]])[order],
    }
