"""Orchestration: build the account master, then simulate and write accounts chunk by chunk.

Random streams come from one SeedSequence: stream ids below are fixed, and every chunk
gets its own child stream, so output depends only on the arguments (never on timing,
machine or hash seeds). Chunk boundaries depend only on the account master.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import catalog, crm, usage
from .accounts import build_master
from .chunk import Ids
from .contacts import build_contacts
from .dirty import DirtyPlanter
from .params import DEFAULT, LoadParams, Params
from .simulate import simulate_chunk
from .timeutil import DAY, HOUR, NULL_TS, US, Calendar
from .writer import BUSINESS_TS, Sinks, sync_time

CHUNK_ACCOUNTS = 250
# Stream ids of the SeedSequence tree (S_SIM is reserved: the simulation seeds one
# random.Random per account from the seed and the account position instead).
S_MASTER, S_CATALOG, S_SIM, S_EVENTS, S_CRM, S_LOAD, S_DIRTY = range(7)
# Billing and sales tables the simulation writes as they are (invoices get their own load times).
SIM_TABLES_AS_IS = (
    "customers",
    "subscriptions",
    "subscription_items",
    "opportunities",
    "csqls",
    "csql_stage_history",
)


def _rng(seed: int, stream: int, chunk: int = 0) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream, chunk)))


class Emitter:
    """Adds `_loaded_at` where a table lacks it, plants dirty rows, appends to the table's sink."""

    def __init__(self, cal: Calendar, sinks: Sinks, planter: DirtyPlanter, q: LoadParams):
        self.cal, self.sinks, self.planter, self.q = cal, sinks, planter, q

    def sync(self, rng: np.random.Generator, cols: list) -> np.ndarray:
        q = self.q
        return sync_time(self.cal, rng, cols, q.sync_median_hours, q.sync_sigma, q.sync_min_seconds * US)

    def __call__(self, table: str, cols: dict, rng: np.random.Generator, loaded=None):
        if "_loaded_at" not in cols:
            ts_cols = [cols[c] for c in BUSINESS_TS[table]]
            if loaded is None:
                n = len(next(iter(cols.values())))
                loaded = self.sync(rng, ts_cols) if ts_cols else np.full(n, self.cal.start_us, dtype=np.int64)
            cols["_loaded_at"] = loaded
        sink = self.sinks[table]
        tbl = sink.table_from(cols)
        sink.append(self.planter.plant(table, tbl))


def generate(
    accounts: int = 1000,
    months: int = 36,
    as_of: str | dt.date = "2026-06-30",
    seed: int = 42,
    out: str | Path = "data/raw",
    dirty_rate: float = 0.002,
    params: Params = DEFAULT,
) -> dict:
    """Write every raw table under `out`; return row counts per table (and per dirty reason)."""
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if accounts < 1 or months < 2:
        raise ValueError("need at least 1 account and 2 months")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cal = Calendar(as_of, months)
    sinks = Sinks(out)
    planter = DirtyPlanter(dirty_rate, _rng(seed, S_DIRTY), cal)
    emit = Emitter(cal, sinks, planter, params.load)
    master = build_master(accounts, cal, _rng(seed, S_MASTER), CHUNK_ACCOUNTS, params.master)
    _reference_data(emit, cal, accounts, seed, params.load)
    ids = Ids()
    counters: dict[str, int] = {}
    for c, (lo, hi) in enumerate(master.chunks):
        _chunk(emit, master, c, lo, hi, cal, seed, ids, counters, params)
    counts = sinks.close()
    reasons = planter.write_manifest(out)
    counts.update({f"_dirty.{k}": v for k, v in sorted(reasons.items())})
    return counts


def _reference_data(emit: Emitter, cal: Calendar, accounts: int, seed: int, q: LoadParams):
    """Products, plans, features (loaded once at the start), FX rates (daily) and GTM costs (monthly)."""
    load_rng = _rng(seed, S_LOAD)
    cat_rng = _rng(seed, S_CATALOG)
    catalog_loaded = cal.history_start_us + q.catalog_load_hours * HOUR
    emit("products", catalog.products_table(), load_rng, loaded=_const(catalog_loaded, len(catalog.PRODUCTS)))
    plans = catalog.plans_table()
    emit("plans", plans, load_rng, loaded=_const(catalog_loaded, len(plans["plan_id"])))
    feats = catalog.features_table()
    emit("features", feats, load_rng, loaded=_const(catalog_loaded, len(feats["feature_key"])))
    fx, _ = catalog.fx_rates(cal, cat_rng)
    fx_loaded = fx["rate_date"].astype(np.int64) * DAY + DAY + q.fx_load_hours * HOUR
    fx["_loaded_at"] = np.minimum(fx_loaded, cal.load_cutoff_us)
    emit("fx_rates", fx, load_rng)
    gtm = catalog.gtm_costs(cal, accounts, cat_rng)
    gtm["_loaded_at"] = [
        min(cal.month_start(m + 1) + q.gtm_load_days * DAY, cal.load_cutoff_us)
        for m in range(cal.months)
        for _ in range(len(catalog.GTM_BASE))
    ]
    emit("gtm_costs", gtm, load_rng)


def _chunk(emit: Emitter, master, c: int, lo: int, hi: int, cal: Calendar, seed, ids, counters, params):
    """Simulate accounts lo..hi-1 and write every table they produce."""
    sim = simulate_chunk(master, lo, hi, cal, seed, ids, params)
    rng = _rng(seed, S_LOAD, c + 1)
    rows = sim.rows
    for table in SIM_TABLES_AS_IS:
        emit(table, rows[table].cols, rng)
    inv = rows["invoices"].cols
    inv_loaded = emit.sync(rng, [inv["issued_at"], inv["paid_at"]])
    emit("invoices", inv, rng, loaded=inv_loaded)
    pos = {inv_id: i for i, inv_id in enumerate(inv["invoice_id"])}
    lines = rows["invoice_lines"].cols
    emit(
        "invoice_lines",
        lines,
        rng,
        loaded=inv_loaded[[pos[i] for i in lines["invoice_id"]]]
        if lines["invoice_id"]
        else np.zeros(0, dtype=np.int64),
    )

    u = rows["users"].cols
    emit("users", {k: v for k, v in u.items() if not k.startswith("_")}, rng)
    base_seq = int(u["user_id"][0][4:]) if u["user_id"] else 0
    user_in = {
        "user_id": u["user_id"],
        "_local": u["_local"],
        "_created": u["created_at"],
        "_deact": [NULL_TS if v is None else v for v in u["deactivated_at"]],
        "_factor": u["_factor"],
        "_invited_at": [NULL_TS if v is None else v for v in u["_invited_at"]],
        "_inviter_row": [s - base_seq if s >= 0 else -1 for s in u["_inviter_seq"]],
    }
    ev = usage.generate_events(sim, user_in, cal, _rng(seed, S_EVENTS, c), master.account_id[lo:hi], params)
    n_ev = len(ev["occurred_at"])
    start = counters.get("evt", 0)
    counters["evt"] = start + n_ev
    ev["event_id"] = _ids("evt_", start, n_ev, 12)
    ev["_loaded_at"] = _event_loaded(cal, rng, ev["occurred_at"], params.load)
    emit("events", ev, rng)

    crm_rng = _rng(seed, S_CRM, c)
    contacts = build_contacts(sim, master, lo, cal, crm_rng, ids, params)
    emit("contacts", contacts.rows, rng)
    emit("contact_history", contacts.history, rng)
    for table, cols in crm.crm_tables(sim, master, lo, cal, crm_rng, ids, contacts, counters, params).items():
        emit(table, cols, rng)


def _const(value: int, n: int) -> np.ndarray:
    return np.full(n, value, dtype=np.int64)


def _ids(prefix: str, start: int, n: int, width: int) -> pa.Array:
    nums = pa.array(np.arange(start + 1, start + n + 1, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(nums, width=width, padding="0"), "")


def _event_loaded(cal: Calendar, rng: np.random.Generator, occurred: np.ndarray, q: LoadParams) -> np.ndarray:
    """Collector lag: minutes to hours, a small share of events arrives days late."""
    n = len(occurred)
    lag = np.exp(rng.normal(np.log(q.event_lag_minutes), q.event_lag_sigma, n)) * (60 * US)
    lag = lag.astype(np.int64) + q.event_min_seconds * US
    late = rng.random(n) < q.event_late
    lag = np.where(late, lag + (rng.uniform(*q.event_late_days, n) * DAY).astype(np.int64), lag)
    return np.minimum(occurred + lag, cal.load_cutoff_us)
