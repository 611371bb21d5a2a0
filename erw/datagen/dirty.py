"""Planting of bad rows for the staging quarantine, with a manifest of what was planted.

Every planted row carries exactly one defect. Apart from `duplicate` (an exact copy of a
clean row, as a re-sync would deliver), bad rows are NEW rows with their own unique key
copied from a clean row and then broken in one column, so no clean row is altered and
nothing cascades. New keys come from a reserved range (a leading 9 on a full-width
number) that clean ids never reach; orphan foreign keys get one digit more than any real
id, so they match nothing.

Bad rows are drawn from a separate random stream: the clean rows of a dirty run are
identical to those of a clean run with the same seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .timeutil import DAY, HOUR, Calendar

# table -> (system, key column, key prefix, key width)
KEYS = {
    "customers": ("billing", "customer_id", "cus", 7),
    "subscriptions": ("billing", "subscription_id", "sub", 8),
    "subscription_items": ("billing", "subscription_item_id", "si", 9),
    "invoices": ("billing", "invoice_id", "inv", 9),
    "invoice_lines": ("billing", "invoice_line_id", "il", 11),
    "users": ("usage", "user_id", "usr", 9),
    "events": ("usage", "event_id", "evt", 12),
    "contacts": ("crm", "contact_id", "con", 8),
    "opportunities": ("crm", "opportunity_id", "opp", 8),
    "support_tickets": ("crm", "ticket_id", "tkt", 9),
    "activities": ("crm", "activity_id", "act", 10),
    "nps_responses": ("crm", "response_id", "nps", 8),
}
ORPHAN_FK = {
    "customers": "account_id",
    "subscriptions": "customer_id",
    "subscription_items": "subscription_id",
    "invoices": "customer_id",
    "invoice_lines": "invoice_id",
    "users": "account_id",
    "events": ("account_id", "user_id"),
    "contacts": "account_id",
    "opportunities": "account_id",
    "support_tickets": "account_id",
    "activities": "account_id",
    "nps_responses": "account_id",
}
NEGATIVE_QTY = ("subscription_items", "invoice_lines", "events")
UNKNOWN_CURRENCY = ("customers", "subscription_items", "invoices", "opportunities")
MISSING_PERIOD = ("invoice_lines",)
FUTURE_TS = {
    "events": "occurred_at",
    "invoices": "issued_at",
    "activities": "occurred_at",
    "support_tickets": "created_at",
    "nps_responses": "responded_at",
}
# Revenue value of a row (product of these columns), for the tables whose quarantined rows hold
# MRR back.
REVENUE_VALUE = {"invoice_lines": ("amount",), "subscription_items": ("quantity", "unit_price")}
# Reasons with the fewest eligible tables first (used to cover every reason on small runs).
RARITY = (
    "missing_service_period",
    "unknown_currency",
    "negative_quantity",
    "future_timestamp",
    "orphan_key",
    "duplicate",
)
# Codes no FX feed carries. Case or whitespace variants of real codes (" usd") are not planted:
# staging normalises those, as a real pipeline should.
BAD_CURRENCIES = ("XTS", "BTC", "XXX", "EURO")


def defects_for(table: str) -> list[tuple[str, str | None]]:
    """(reason, column) pairs that can be planted in a table, in a fixed order."""
    out: list[tuple[str, str | None]] = []
    if table in KEYS:
        out.append(("duplicate", None))
    fk = ORPHAN_FK.get(table)
    for col in fk if isinstance(fk, tuple) else (fk,) if fk else ():
        out.append(("orphan_key", col))
    if table in NEGATIVE_QTY:
        out.append(("negative_quantity", "quantity"))
    if table in UNKNOWN_CURRENCY:
        out.append(("unknown_currency", "currency"))
    if table in MISSING_PERIOD:
        out.append(("missing_service_period", "service_period_start"))
    if table in FUTURE_TS:
        out.append(("future_timestamp", FUTURE_TS[table]))
    return out


class DirtyPlanter:
    def __init__(self, rate: float, rng: np.random.Generator, cal: Calendar):
        self.rate = rate
        self.rng = rng
        self.cal = cal
        self.manifest = {"system": [], "table": [], "record_key": [], "reason": []}
        self.next_key: dict[str, int] = {}
        self.planted_tables: set[str] = set()  # membership tests only (no iteration)
        self.covered: set[str] = set()

    def _new_keys(self, table: str, n: int) -> list[str]:
        _, _, prefix, width = KEYS[table]
        start = self.next_key.get(table, 0)
        self.next_key[table] = start + n
        base = 9 * 10 ** (width - 1)
        return [f"{prefix}_{base + start + i + 1}" for i in range(n)]

    def plant(self, table: str, tbl: pa.Table) -> pa.Table:
        """Return the chunk's rows of `table` plus about rate x rows planted bad rows.

        Every eligible table gets at least one bad row over the whole run; that first
        guaranteed row uses the rarest reason not yet planted anywhere, so a small run
        still covers every reason.
        """
        if self.rate <= 0 or table not in KEYS or tbl.num_rows == 0:
            return tbl
        defects = defects_for(table)
        total = int(np.floor(self.rate * tbl.num_rows + self.rng.random()))
        counts = np.zeros(len(defects), dtype=np.int64)
        if table not in self.planted_tables:
            uncovered = [i for i, d in enumerate(defects) if d[0] not in self.covered]
            first = min(uncovered, key=lambda i: RARITY.index(defects[i][0])) if uncovered else None
            if first is None:
                first = int(self.rng.integers(0, len(defects)))
            counts[first] += 1
            total = max(total - 1, 0)
        if total:
            counts += np.bincount(self.rng.integers(0, len(defects), total), minlength=len(defects))
        extra = []
        for (reason, col), n in zip(defects, counts, strict=True):
            if n == 0:
                continue
            bad = self._make(table, tbl, reason, col, int(n))
            if bad is not None and bad.num_rows:
                extra.append(bad)
                self.planted_tables.add(table)
                self.covered.add(reason)
        return pa.concat_tables([tbl] + extra) if extra else tbl

    def _make(self, table: str, tbl: pa.Table, reason: str, col: str | None, n: int) -> pa.Table | None:
        system, key, _, _ = KEYS[table]
        rng = self.rng
        src_idx = np.arange(tbl.num_rows)
        if reason == "missing_service_period":
            lt = tbl.column("line_type").to_numpy(zero_copy_only=False)
            src_idx = np.flatnonzero(np.isin(lt, ["recurring", "usage", "proration"]))
        if reason != "duplicate" and table in REVENUE_VALUE and len(src_idx):
            # A new bad row copies a row at or below the median revenue value, so the revenue held
            # back in quarantine stays a small share of a month's ARR (var held_arr_tolerance), as a
            # stray row in a real export would; one copied enterprise item could hold ~1% of the book.
            value = np.abs(_revenue_value(tbl, REVENUE_VALUE[table])[src_idx])
            src_idx = src_idx[value <= np.median(value)]
        if reason == "future_timestamp" and table == "support_tickets":
            src_idx = (
                np.flatnonzero(tbl.column("resolved_at").is_null().to_numpy(zero_copy_only=False))
                if tbl.column("resolved_at").null_count
                else src_idx
            )
        if not len(src_idx):
            return None
        pick = np.sort(rng.choice(src_idx, size=min(n, len(src_idx)), replace=False))
        bad = tbl.take(pa.array(pick))
        loaded = bad.column("_loaded_at")
        if reason == "duplicate":
            # Re-synced copy: same content, same or later _loaded_at.
            later = rng.random(bad.num_rows) < 0.7
            shift = (rng.random(bad.num_rows) * 2 * DAY).astype(np.int64) * later
            new_loaded = np.minimum(loaded.cast(pa.int64()).to_numpy() + shift, self.cal.load_cutoff_us)
            bad = bad.set_column(
                bad.schema.get_field_index("_loaded_at"),
                "_loaded_at",
                pa.array(new_loaded).cast(pa.timestamp("us")),
            )
            keys = bad.column(key).to_pylist()
        else:
            keys = self._new_keys(table, bad.num_rows)
            bad = _set(bad, key, pa.array(keys, pa.string()))
            if reason == "orphan_key":
                vals = bad.column(col).to_pylist()
                orphan = [f"{v.split('_')[0]}_9{v.split('_')[1]}" for v in vals]
                bad = _set(bad, col, pa.array(orphan, pa.string()))
            elif reason == "negative_quantity":
                q = bad.column("quantity").to_numpy(zero_copy_only=False)
                q = -np.where(np.abs(q) > 0, np.abs(q), 1.0)
                bad = _set(bad, "quantity", pa.array(q, pa.float64()))
            elif reason == "unknown_currency":
                cur = [BAD_CURRENCIES[i] for i in rng.integers(0, len(BAD_CURRENCIES), bad.num_rows)]
                bad = _set(bad, "currency", pa.array(cur, pa.string()))
            elif reason == "missing_service_period":
                which = rng.random(bad.num_rows) < 0.5
                for c, mask in (("service_period_start", which), ("service_period_end", ~which)):
                    arr = bad.column(c)
                    bad = _set(bad, c, pc.if_else(pa.array(mask), pa.scalar(None, arr.type), arr))
            elif reason == "future_timestamp":
                ahead = (2 * HOUR + rng.random(bad.num_rows) * 30 * DAY).astype(np.int64)
                ts = loaded.cast(pa.int64()).to_numpy() + ahead
                bad = _set(bad, col, pa.array(ts).cast(pa.timestamp("us")))
        for k in keys:
            self.manifest["system"].append(system)
            self.manifest["table"].append(table)
            self.manifest["record_key"].append(k)
            self.manifest["reason"].append(reason)
        return bad

    def write_manifest(self, out: Path) -> dict[str, int]:
        schema = pa.schema(
            [
                ("system", pa.string()),
                ("table", pa.string()),
                ("record_key", pa.string()),
                ("reason", pa.string()),
            ]
        )
        tbl = pa.table(self.manifest, schema=schema)
        pq.write_table(tbl, out / "_dirty_manifest.parquet", compression="zstd")
        counts: dict[str, int] = {}
        for reason in self.manifest["reason"]:
            counts[reason] = counts.get(reason, 0) + 1
        return counts


def _set(tbl: pa.Table, name: str, arr) -> pa.Table:
    i = tbl.schema.get_field_index(name)
    return tbl.set_column(i, tbl.schema.field(i), arr)


def _revenue_value(tbl: pa.Table, columns: tuple[str, ...]) -> np.ndarray:
    """Product of the numeric columns of each row (a missing value counts as 0)."""
    value = np.ones(tbl.num_rows)
    for c in columns:
        value = value * pc.fill_null(tbl.column(c), 0).to_numpy(zero_copy_only=False).astype(np.float64)
    return value
