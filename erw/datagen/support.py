"""Support tickets and NPS responses of one chunk's live account-months.

Unhealthy accounts file more (and more urgent) tickets and rate them lower; feature requests
point at the add-on line the account is most interested in. NPS surveys go out every few
months; healthy accounts answer more often and as promoters.
"""

from __future__ import annotations

import numpy as np

from . import catalog as cat
from .accounts import SEGMENTS
from .timeutil import DAY, HOUR, NULL_TS, US

TICKET_CATEGORIES = ("bug", "how_to", "billing", "integration", "performance", "access")
MINUTE = 60 * US


def support_tickets(c, counters: dict) -> dict:
    """Ticket rows of the chunk (`c` is a `crm.CrmChunk`); ids continue the `tkt` counter."""
    rng, q, sim, end = c.rng, c.q, c.sim, c.end
    acc_g, mon_g, h = c.acc_g, c.mon_g, c.h
    users = sim.users[acc_g, mon_g]
    size = np.sqrt(users / q.ticket_users + q.ticket_users_offset)
    lam = (
        c.by_segment("tickets_per_month")[c.seg_g]
        * size
        * (q.ticket_health_base + q.ticket_health_slope * (1.0 - h) ** 2)
    )
    cnt = rng.poisson(lam)
    rows = np.repeat(np.arange(len(acc_g)), cnt)
    tn = len(rows)
    created = c.times(rows)  # drawn before the jitter
    created = created + (rng.random(tn) * (q.ticket_jitter_minutes * 60) * US).astype(np.int64)
    created = created - q.ticket_jitter_minutes // 2 * MINUTE
    created = np.clip(created, c.mlo[rows], end - US)
    hr = h[rows]
    pr = rng.random(tn) - q.priority_health * (1 - hr)
    urgent, high, normal = q.priority_cuts
    priority = np.where(
        pr < urgent, "urgent", np.where(pr < high, "high", np.where(pr < normal, "normal", "low"))
    )
    feature_req = rng.random(tn) < q.feature_request
    cat_idx = rng.integers(0, len(TICKET_CATEGORIES), tn)
    category = np.where(feature_req, "feature_request", np.array(TICKET_CATEGORIES, dtype=object)[cat_idx])
    interest = sim.interest[acc_g[rows]]
    owned = sim.owned[acc_g[rows], mon_g[rows]]
    line_pick = np.argmax(interest + rng.random(interest.shape) * q.line_noise, axis=1)
    line_owned = ((owned >> line_pick) & 1) == 1
    req_line = np.where(
        feature_req,
        np.where(line_owned, "platform", np.array(cat.ADDON_LINES, dtype=object)[line_pick]),
        None,
    )
    med_urgent, med_high, med_other = q.resolve_hours
    med_h = np.select([priority == "urgent", priority == "high"], [med_urgent, med_high], med_other)
    resolved = created + (np.exp(rng.normal(np.log(med_h), q.resolve_sigma)) * HOUR).astype(np.int64)
    parked = feature_req & (rng.random(tn) < q.feature_request_parked)
    resolved = np.where(parked, resolved + q.feature_request_parked_days * DAY, resolved)
    resolved = np.where(resolved < end, resolved, NULL_TS)
    csat = np.clip(np.round(q.csat_base + q.csat_slope * hr + rng.normal(0, q.csat_noise, tn)), 1, 5).astype(
        np.int64
    )
    has_csat = (resolved != NULL_TS) & (rng.random(tn) < q.csat_answered)
    order = np.lexsort((created, acc_g[rows]))
    start_id = counters.get("tkt", 0)
    counters["tkt"] = start_id + tn
    return {
        "ticket_id": [f"tkt_{start_id + i + 1:09d}" for i in range(tn)],
        "account_id": c.acc_ids[acc_g[rows]][order],
        "created_at": created[order],
        "resolved_at": resolved[order],
        "priority": priority.astype(object)[order],
        "category": category.astype(object)[order],
        "csat_score": [int(v) if ok else None for v, ok in zip(csat[order], has_csat[order], strict=True)],
        "is_feature_request": feature_req[order],
        "requested_product_line": req_line[order],
    }


def nps_responses(c, counters: dict) -> dict:
    """NPS rows of the chunk (a survey wave every few months per account); ids continue `nps`."""
    rng, q, end = c.rng, c.q, c.end
    acc_g, mon_g, h, seg_g = c.acc_g, c.mon_g, c.h, c.seg_g
    phase = rng.integers(0, q.nps_every_months, c.n)
    wave = (mon_g % q.nps_every_months) == phase[acc_g]
    rows = np.flatnonzero(wave)
    enterprise = seg_g[rows] == SEGMENTS.index("enterprise")
    k_resp = rng.integers(*q.nps_respondents, len(rows)) + enterprise * rng.integers(
        *q.nps_extra_enterprise, len(rows)
    )
    respond = rng.random(len(rows)) < q.nps_response_base + q.nps_response_slope * h[rows]
    k_resp = k_resp * respond
    rrows = np.repeat(rows, k_resp)
    ts = c.times(rrows)
    acc_r = acc_g[rrows]
    con = c.pick_contact(acc_r, ts, rng)
    ts = np.maximum(ts, c.c_created[con] + US)
    raw = q.nps_base + q.nps_slope * h[rrows] + rng.normal(0, q.nps_noise, len(rrows))
    score = np.clip(np.round(raw), 0, 10).astype(np.int64)
    ok = ts < end
    order = np.lexsort((ts[ok], acc_r[ok]))
    start_id = counters.get("nps", 0)
    n_nps = int(ok.sum())
    counters["nps"] = start_id + n_nps
    return {
        "response_id": [f"nps_{start_id + i + 1:08d}" for i in range(n_nps)],
        "account_id": c.acc_ids[acc_r[ok]][order],
        "contact_id": c.contact_ids[con[ok]][order],
        "responded_at": ts[ok][order],
        "score": score[ok][order],
    }
