"""Product-usage events for one chunk, fully vectorised with numpy.

Inputs are the users written by the simulation and its monthly per-account state
(activation, health, tier, owned add-ons, metered units, gate-hit propensity). Volume
comes from active user-months (sessions and feature use), plus account-month events:
metered usage split across active users, limit hits when the month's cumulative usage
crosses the plan limit, feature-gate hits on features above the account's tier or in
add-ons it does not own, invites, integrations, imports, admin changes and core
feature activations.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import catalog as cat
from .chunk import ChunkSim
from .params import DEFAULT, EventParams, Params
from .timeutil import DAY, HOUR, NULL_TS, US, Calendar

EVENT_NAMES = (
    "session_start",
    "feature_used",
    "usage_limit_hit",
    "feature_gate_hit",
    "user_invited",
    "integration_created",
    "data_imported",
    "admin_settings_changed",
    "core_feature_activated",
    "metered_usage",
)
EV = {name: i for i, name in enumerate(EVENT_NAMES)}
NO_FEATURE = -1

F = len(cat.FEATURE_KEYS)
_feat = [cat.FEATURES[k] for k in cat.FEATURE_KEYS]
F_LINE = np.array([cat.ADDON_LINES.index(v[1]) if v[1] != "platform" else -1 for v in _feat])
F_CORE = np.array([v[2] for v in _feat])
F_PREMIUM = np.array([v[3] for v in _feat])
F_MIN_TIER = np.array([v[4] for v in _feat])
F_METERED = np.isin(np.array(cat.FEATURE_KEYS), list(cat.METERED_FEATURE.values()))
CORE_IDX = np.array([cat.FEATURE_INDEX[k] for k in cat.CORE_FEATURES])
INACTIVE = 10**12  # sort-key offset that puts inactive user-months after the active ones


def feature_weights(q: EventParams) -> np.ndarray:
    """Relative popularity of each feature in feature_used events."""
    weights = np.where(F_CORE, q.core_weight, np.where(F_PREMIUM, q.premium_weight, q.other_weight))
    weights[CORE_IDX] = np.linspace(*q.core_weight_range, len(CORE_IDX))
    return weights


class EventBatch:
    def __init__(self):
        self.parts: list[tuple] = []

    def add(self, acc, user, name, feat, qty, ts):
        n = len(ts)
        if n == 0:
            return
        self.parts.append(
            (
                np.broadcast_to(acc, n),
                np.broadcast_to(user, n),
                np.broadcast_to(name, n),
                np.broadcast_to(feat, n),
                np.broadcast_to(qty, n),
                ts,
            )
        )

    def arrays(self):
        if not self.parts:
            e = np.zeros(0, dtype=np.int64)
            return e, e, e, e, np.zeros(0), e
        return tuple(np.concatenate([p[i] for p in self.parts]) for i in range(6))


def _pick_in_ranges(rng, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """For each row, a uniformly chosen position in [start, start + count)."""
    return starts + np.minimum((rng.random(len(starts)) * counts).astype(np.int64), np.maximum(counts - 1, 0))


def generate_events(
    sim: ChunkSim,
    users: dict,
    cal: Calendar,
    rng: np.random.Generator,
    account_ids: list[str],
    params: Params = DEFAULT,
) -> dict:
    """Return event columns (without event_id / _loaded_at), sorted by account and time."""
    M = cal.months
    q = params.events
    ms = cal.month_starts(np.arange(0, M + 1))
    end = cal.end_us
    u_acc = np.asarray(users["_local"], dtype=np.int64)
    n_users = len(u_acc)
    u_created = np.asarray(users["_created"], dtype=np.int64)
    u_deact = np.asarray(users["_deact"], dtype=np.int64)
    u_deact = np.where(u_deact == NULL_TS, np.int64(end), u_deact)
    u_factor = np.asarray(users["_factor"], dtype=np.float64)
    batch = EventBatch()
    if n_users == 0:
        return _finish(batch, account_ids, users, rng)

    # ---- user-months a user is provisioned in, then which of them are active
    m0 = cal.month_index(u_created)
    m1 = cal.month_index(np.minimum(u_deact, end) - 1)
    span = np.maximum(m1 - m0 + 1, 0)
    um_user = np.repeat(np.arange(n_users), span)
    um_month = m0[um_user] + (np.arange(len(um_user)) - np.repeat(np.cumsum(span) - span, span))
    ok = (um_month >= 0) & (um_month < M)
    um_user, um_month = um_user[ok], um_month[ok]
    um_acc = u_acc[um_user]
    alive = sim.alive[um_acc, um_month]
    um_user, um_month, um_acc = um_user[alive], um_month[alive], um_acc[alive]
    lo = np.maximum(ms[um_month], u_created[um_user])
    hi = np.minimum(np.minimum(ms[um_month + 1], u_deact[um_user]), end)
    keep = hi > lo + HOUR
    um_user, um_month, um_acc, lo, hi = um_user[keep], um_month[keep], um_acc[keep], lo[keep], hi[keep]
    present = (hi - lo) / (ms[um_month + 1] - ms[um_month])
    act = sim.act[um_acc, um_month]
    # Power users are active almost every month; others follow the account's activation ratio.
    power = u_factor[um_user] > q.power_user_factor
    p_active = np.clip(act * np.where(power, q.power_user_activity, 1.0), 0.0, 1.0)
    active = rng.random(len(um_user)) < p_active

    # ---- sessions and feature use of active user-months
    h = sim.health[um_acc, um_month]
    lam = q.per_active_user_month * u_factor[um_user] * (q.health_offset + h) * present * active
    n_sess = rng.poisson(lam * q.session_share)
    n_feat = rng.poisson(lam * q.feature_share + active * q.feature_floor)
    for name, counts in (("session_start", n_sess), ("feature_used", n_feat)):
        idx = np.repeat(np.arange(len(um_user)), counts)
        ts = lo[idx] + (rng.random(len(idx)) * (hi[idx] - lo[idx])).astype(np.int64)
        if name == "feature_used":
            feat = _choose_features(sim, um_acc[idx], um_month[idx], rng, feature_weights(q))
        else:
            feat = np.int64(NO_FEATURE)
        batch.add(um_acc[idx], um_user[idx], np.int64(EV[name]), feat, 1.0, ts)

    # ---- index of active users per account-month (for account-level events)
    am_key = um_acc * (M + 1) + um_month
    pool_key = np.where(active, am_key, am_key + INACTIVE)  # inactive rows sort after, used as fallback
    order = np.lexsort((um_user, pool_key))
    sorted_user = um_user[order]

    def users_for(acc: np.ndarray, month: np.ndarray) -> np.ndarray:
        """A random user of each account-month (active ones preferred); -1 when there is none."""
        key = acc * (M + 1) + month
        # active pool: rows with pool_key == key, then all provisioned as fallback
        pk_sorted = pool_key[order]
        a_lo = np.searchsorted(pk_sorted, key, side="left")
        a_hi = np.searchsorted(pk_sorted, key, side="right")
        b_lo = np.searchsorted(pk_sorted, key + INACTIVE, side="left")
        b_hi = np.searchsorted(pk_sorted, key + INACTIVE, side="right")
        use_a = a_hi > a_lo
        start = np.where(use_a, a_lo, b_lo)
        count = np.where(use_a, a_hi - a_lo, b_hi - b_lo)
        pos = _pick_in_ranges(rng, start, count)
        pos = np.minimum(pos, len(sorted_user) - 1)
        return np.where(count > 0, sorted_user[pos] if len(sorted_user) else -1, -1)

    # ---- account-month grid of live months
    acc_g, mon_g = np.nonzero(sim.alive)
    if len(acc_g):
        _metered(sim, batch, acc_g, mon_g, ms, end, rng, users_for, u_created, q)
        _gates(sim, batch, acc_g, mon_g, ms, end, rng, users_for, u_created, q)
        _misc(sim, batch, acc_g, mon_g, ms, end, rng, users_for, u_created, q)

    # ---- invites: the inviter records a user_invited event when sending the invite
    inv_at = np.asarray(users["_invited_at"], dtype=np.int64)
    inviter = np.asarray(users["_inviter_row"], dtype=np.int64)
    has = (inv_at != NULL_TS) & (inviter >= 0)
    if has.any():
        batch.add(
            u_acc[has], inviter[has], np.int64(EV["user_invited"]), np.int64(NO_FEATURE), 1.0, inv_at[has]
        )
    return _finish(batch, account_ids, users, rng)


def _choose_features(
    sim: ChunkSim, acc: np.ndarray, month: np.ndarray, rng, weight: np.ndarray
) -> np.ndarray:
    """Feature of each feature_used event among the features the account can use that month."""
    n = len(acc)
    tier = sim.tier[acc, month]
    owned = sim.owned[acc, month]
    target = rng.random(n)
    cum = np.zeros(n)
    eligible_w = []
    for f in range(F):
        if F_METERED[f]:
            w = np.zeros(n)
        elif F_CORE[f]:
            w = np.where(sim.core_adopt[acc, np.searchsorted(CORE_IDX, f)] <= month, weight[f], 0.0)
            if f == CORE_IDX[0]:
                w = np.full(n, weight[f])  # the first core feature is always available
        elif F_LINE[f] < 0:
            w = np.where(tier >= F_MIN_TIER[f], weight[f], 0.0)
        else:
            has_line = (owned >> F_LINE[f]) & 1
            w = np.where((has_line == 1) & (tier >= F_MIN_TIER[f]), weight[f], 0.0)
        eligible_w.append(w)
        cum += w
    target *= cum
    out = np.zeros(n, dtype=np.int64)
    run = np.zeros(n)
    for f in range(F):
        run += eligible_w[f]
        out += (run <= target).astype(np.int64)
    return np.minimum(out, F - 1)


def _metered(sim, batch, acc_g, mon_g, ms, end, rng, users_for, u_created, qp: EventParams):
    """Split each month's metered units over a few events; emit limit hits where usage crosses the limit."""
    for units_arr, limit_arr, fkey in (
        (sim.u_plat, sim.l_plat, "api_requests"),
        (sim.u_auto, sim.l_auto, "workflow_runs"),
    ):
        units = units_arr[acc_g, mon_g]
        sel = units > 0
        a, m, u = acc_g[sel], mon_g[sel], units[sel]
        if not len(a):
            continue
        per_event = np.round(sim.users[a, m] * sim.act[a, m] / qp.metered_users_per_event)
        k = np.clip(per_event, *qp.metered_events).astype(np.int64)
        row = np.repeat(np.arange(len(a)), k)
        w = rng.random(len(row)) + qp.metered_weight_floor
        wsum = np.bincount(row, weights=w, minlength=len(a))
        q = np.floor(u[row] * w / wsum[row]).astype(np.int64)
        first = np.cumsum(k) - k
        rem = u - np.bincount(row, weights=q, minlength=len(a)).astype(np.int64)
        q[first] += rem  # exact monthly total
        lo = ms[m[row]]
        hi = np.minimum(ms[m[row] + 1], end)
        ts = lo + (rng.random(len(row)) * (hi - lo)).astype(np.int64)
        user = users_for(a[row], m[row])
        ts = np.maximum(ts, np.where(user >= 0, u_created[np.maximum(user, 0)] + US, ts))
        good = user >= 0
        # Within each account-month order by time so cumulative usage can be tracked.
        order = np.lexsort((ts, row))
        row_o, ts_o, q_o, user_o, good_o = row[order], ts[order], q[order], user[order], good[order]
        fid = np.int64(cat.FEATURE_INDEX[fkey])
        batch.add(
            a[row_o][good_o],
            user_o[good_o],
            np.int64(EV["metered_usage"]),
            fid,
            q_o[good_o].astype(np.float64),
            ts_o[good_o],
        )
        limit = limit_arr[a, m]
        cum = np.cumsum(q_o)
        cum_in = cum - np.repeat(cum[first] - q_o[first], k)
        crossed = (limit[row_o] > 0) & (cum_in >= limit[row_o]) & (cum_in - q_o < limit[row_o]) & good_o
        idx = np.flatnonzero(crossed)
        if len(idx):
            extra = rng.poisson(qp.limit_hit_repeats, len(idx))
            rep = np.repeat(idx, extra + 1)
            off = (rng.random(len(rep)) * qp.limit_hit_days * DAY).astype(np.int64) * (
                np.arange(len(rep)) - np.repeat(np.cumsum(extra + 1) - (extra + 1), extra + 1) > 0
            )
            hit_ts = np.minimum(ts_o[rep] + off + US, end - US)
            batch.add(a[row_o[rep]], user_o[rep], np.int64(EV["usage_limit_hit"]), fid, 1.0, hit_ts)


def _gates(sim, batch, acc_g, mon_g, ms, end, rng, users_for, u_created, q: EventParams):
    """Feature-gate hits: premium features above the tier, add-on features not owned."""
    gate = sim.gate[acc_g, mon_g]
    n = rng.poisson(gate * q.gate_hit_share)
    a = np.repeat(acc_g, n)
    m = np.repeat(mon_g, n)
    lo = ms[m]
    hi = np.minimum(ms[m + 1], end)
    ts = lo + (rng.random(len(a)) * (hi - lo)).astype(np.int64)
    # Planted clusters: hits within ten days ending at the CSQL signal instant.
    if sim.gate_clusters:
        ca = np.array([c[0] for c in sim.gate_clusters], dtype=np.int64)
        cm = np.array([c[1] for c in sim.gate_clusters], dtype=np.int64)
        cts = np.array([c[2] for c in sim.gate_clusters], dtype=np.int64)
        offs = np.array([d * DAY + h * HOUR for d, h in q.gate_cluster_offsets], dtype=np.int64)
        hits = len(offs)
        a = np.concatenate([a, np.repeat(ca, hits)])
        m = np.concatenate([m, np.repeat(cm, hits)])
        ts = np.concatenate([ts, np.repeat(cts, hits) - np.tile(offs, len(ca))])
    if not len(a):
        return
    tier = sim.tier[a, m]
    owned = sim.owned[a, m]
    interest = sim.interest[a]
    weights = []
    total = np.zeros(len(a))
    for f in range(F):
        if F_METERED[f]:
            w = np.zeros(len(a))
        elif F_LINE[f] < 0:
            w = np.where(F_PREMIUM[f] & (F_MIN_TIER[f] > tier), 1.0 / F_MIN_TIER[f], 0.0)
        else:
            not_owned = ((owned >> F_LINE[f]) & 1) == 0
            w = np.where(not_owned, q.gate_addon_base + interest[:, F_LINE[f]], 0.0)
        weights.append(w)
        total += w
    target = rng.random(len(a)) * total
    feat = np.zeros(len(a), dtype=np.int64)
    run = np.zeros(len(a))
    for f in range(F):
        run += weights[f]
        feat += (run <= target).astype(np.int64)
    feat = np.minimum(feat, F - 1)
    user = users_for(a, m)
    good = (total > 0) & (user >= 0)
    ts = np.maximum(ts, np.where(user >= 0, u_created[np.maximum(user, 0)] + US, ts))
    ts = np.minimum(ts, end - US)
    batch.add(a[good], user[good], np.int64(EV["feature_gate_hit"]), feat[good], 1.0, ts[good])


def _misc(sim, batch, acc_g, mon_g, ms, end, rng, users_for, u_created, q: EventParams):
    """Integrations, imports, admin settings and core feature activations."""
    first_live = np.zeros(sim.n, dtype=np.int64)
    any_live = sim.alive.any(axis=1)
    first_live[any_live] = np.argmax(sim.alive[any_live], axis=1)
    early = (mon_g - first_live[acc_g]) < q.early_months
    growth = np.maximum(sim.growth[acc_g, mon_g], 0.0)
    h = sim.health[acc_g, mon_g]
    rates = {  # base + early-months boost + growth (integrations, imports) or health (admin changes)
        "integration_created": q.integrations[0] + q.integrations[1] * early + q.integrations[2] * growth,
        "data_imported": q.imports[0] + q.imports[1] * early + q.imports[2] * growth,
        "admin_settings_changed": q.admin_changes[0] + q.admin_changes[1] * early + q.admin_changes[2] * h,
    }
    feats = {
        "integration_created": cat.FEATURE_INDEX["integrations_hub"],
        "data_imported": cat.FEATURE_INDEX["data_import"],
        "admin_settings_changed": NO_FEATURE,
    }
    for name, lam in rates.items():
        n = rng.poisson(lam)
        a = np.repeat(acc_g, n)
        m = np.repeat(mon_g, n)
        lo, hi = ms[m], np.minimum(ms[m + 1], end)
        ts = lo + (rng.random(len(a)) * (hi - lo)).astype(np.int64)
        user = users_for(a, m)
        ok = user >= 0
        ts = np.maximum(ts, np.where(ok, u_created[np.maximum(user, 0)] + US, ts))
        ok &= ts < end
        batch.add(a[ok], user[ok], np.int64(EV[name]), np.int64(feats[name]), 1.0, ts[ok])
    # core feature activations: once per account and feature, early in the adoption month
    acc_c, fpos = np.nonzero(sim.core_adopt < sim.alive.shape[1])
    if len(acc_c):
        m = sim.core_adopt[acc_c, fpos]
        lo = ms[m]
        hi = np.minimum(lo + q.activation_days * DAY, end)
        ts = lo + (rng.random(len(acc_c)) * np.maximum(hi - lo, 1)).astype(np.int64)
        user = users_for(acc_c, m)
        ok = user >= 0
        ts = np.maximum(ts, np.where(ok, u_created[np.maximum(user, 0)] + US, ts))
        ok &= ts < end
        batch.add(
            acc_c[ok], user[ok], np.int64(EV["core_feature_activated"]), CORE_IDX[fpos][ok], 1.0, ts[ok]
        )


def _finish(batch: EventBatch, account_ids: list[str], users: dict, rng) -> dict:
    acc, user, name, feat, qty, ts = batch.arrays()
    order = np.lexsort((name, user, ts, acc))
    acc, user, name, feat, qty, ts = acc[order], user[order], name[order], feat[order], qty[order], ts[order]
    acc_arr = pa.array(account_ids, type=pa.string())
    user_arr = (
        pa.array(users["user_id"], type=pa.string()) if len(users["user_id"]) else pa.array([], pa.string())
    )
    names_arr = pa.array(EVENT_NAMES, type=pa.string())
    feat_arr = pa.array(list(cat.FEATURE_KEYS), type=pa.string())
    feat_mask = feat < 0
    return {
        "account_id": acc_arr.take(pa.array(acc)),
        "user_id": user_arr.take(pa.array(user)) if len(user) else pa.array([], pa.string()),
        "event_name": names_arr.take(pa.array(name)),
        "feature_key": pc.if_else(
            pa.array(feat_mask), pa.scalar(None, pa.string()), feat_arr.take(pa.array(np.maximum(feat, 0)))
        ),
        "quantity": qty.astype(np.float64),
        "occurred_at": ts.astype(np.int64),
    }
