"""Streaming Parquet output with the contract's exact Arrow schemas.

Each raw table gets one `Sink`. Chunks append column batches; the sink buffers them and
writes a row group whenever the buffer reaches a fixed row count, so memory stays
bounded and the file layout depends only on the data (never on timing or the machine).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import schema
from .timeutil import DAY, HOUR, NULL_TS, Calendar

ROW_GROUP_ROWS = {"events": 1_000_000}
DEFAULT_ROW_GROUP = 250_000

# Business timestamps that must never be later than the row's _loaded_at.
BUSINESS_TS = {
    "customers": ("created_at",),
    "products": (),
    "plans": (),
    "subscriptions": ("started_at", "current_term_start", "canceled_at"),
    "subscription_items": ("valid_from", "valid_to"),
    "invoices": ("issued_at", "paid_at"),
    "invoice_lines": (),
    "users": ("created_at", "deactivated_at"),
    "features": (),
    "events": ("occurred_at",),
    "accounts": ("created_at", "onboarded_at"),
    "account_snapshots": ("snapshot_date", "last_funding_at"),
    "contacts": ("created_at", "left_company_at"),
    "contact_history": ("changed_at",),
    "opportunities": ("created_at", "closed_at"),
    "csqls": ("signal_at", "created_at"),
    "csql_stage_history": ("entered_at",),
    "nps_responses": ("responded_at",),
    "support_tickets": ("created_at", "resolved_at"),
    "activities": ("occurred_at",),
    "success_milestones": ("achieved_at",),
    "fx_rates": ("rate_date",),
    "gtm_costs": ("cost_month",),
}


def to_us_array(values) -> np.ndarray:
    """Python ints/None, int64 arrays or datetime64[D] arrays -> int64 microseconds (NULL_TS for null)."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "M":
            return values.astype("datetime64[D]").astype(np.int64) * DAY
        return values.astype(np.int64)
    return np.array([NULL_TS if v is None else v for v in values], dtype=np.int64)


def sync_time(
    cal: Calendar,
    rng: np.random.Generator,
    cols: list,
    median_hours: float = 3.0,
    sigma: float = 0.9,
    min_lag_us: int = 60_000_000,
) -> np.ndarray:
    """A sync instant after every (past) business timestamp of each row, capped at the load cutoff."""
    latest = None
    for c in cols:
        arr = to_us_array(c)
        arr = np.where((arr == NULL_TS) | (arr >= cal.end_us), np.int64(NULL_TS), arr)
        latest = arr if latest is None else np.maximum(latest, arr)
    n = len(latest)
    lag = (np.exp(rng.normal(np.log(median_hours), sigma, n)) * HOUR).astype(np.int64) + min_lag_us
    loaded = np.where(latest == NULL_TS, np.int64(cal.start_us), latest) + lag
    return np.minimum(loaded, np.int64(cal.load_cutoff_us))


def arrow_column(values, kind: str) -> pa.Array:
    typ = schema.ARROW_TYPES[kind]
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values.cast(typ) if values.type != typ else values
    if kind == "timestamp":
        arr = to_us_array(values)
        mask = arr == NULL_TS
        return pa.array(arr, type=pa.int64(), mask=mask if mask.any() else None).cast(typ)
    if kind == "date":
        if isinstance(values, np.ndarray) and values.dtype.kind == "M":
            return pa.array(values.astype("datetime64[D]"), type=typ)
        arr = to_us_array(values) // DAY
        return pa.array(arr.astype("datetime64[D]"), type=typ)
    if isinstance(values, np.ndarray) and values.dtype == object:
        values = values.tolist()
    return pa.array(values, type=typ)


class Sink:
    def __init__(self, out: Path, system: str, table: str):
        self.system, self.table = system, table
        self.schema = schema.arrow_schema(system, table)
        self.kinds = dict(schema.columns(system, table))
        self.path = out / system / f"{table}.parquet"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rows_per_group = ROW_GROUP_ROWS.get(table, DEFAULT_ROW_GROUP)
        self.buffer: list[pa.Table] = []
        self.buffered = 0
        self.rows = 0
        self.writer: pq.ParquetWriter | None = None

    def table_from(self, cols: dict) -> pa.Table:
        arrays = [arrow_column(cols[name], self.kinds[name]) for name in self.schema.names]
        return pa.Table.from_arrays(arrays, schema=self.schema)

    def append(self, cols: dict | pa.Table):
        tbl = cols if isinstance(cols, pa.Table) else self.table_from(cols)
        if tbl.num_rows == 0:
            return
        self.buffer.append(tbl)
        self.buffered += tbl.num_rows
        self.rows += tbl.num_rows
        while self.buffered >= self.rows_per_group:
            self._flush(self.rows_per_group)

    def _flush(self, n: int | None = None):
        if not self.buffer:
            return
        data = pa.concat_tables(self.buffer)
        n = data.num_rows if n is None else n
        head, rest = data.slice(0, n), data.slice(n)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.schema, compression="zstd", write_statistics=True)
        self.writer.write_table(head, row_group_size=self.rows_per_group)
        self.buffer = [rest] if rest.num_rows else []
        self.buffered = rest.num_rows

    def close(self):
        self._flush()
        if self.writer is None:  # empty table: still write a valid file with the schema
            self.writer = pq.ParquetWriter(self.path, self.schema, compression="zstd", write_statistics=True)
        self.writer.close()


class Sinks:
    def __init__(self, out: Path):
        self.by_table = {t: Sink(out, s, t) for s, t in schema.all_tables()}

    def __getitem__(self, table: str) -> Sink:
        return self.by_table[table]

    def close(self) -> dict[str, int]:
        counts = {}
        for name, sink in self.by_table.items():
            sink.close()
            counts[f"{sink.system}.{name}"] = sink.rows
        return counts
