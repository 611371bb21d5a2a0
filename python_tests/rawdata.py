"""Write small hand-built raw datasets that follow the source contract.

Tests describe only the rows and columns they care about; every other table of the contract is
written empty and every missing column as null, with the contract's Arrow types, so dbt can
build the whole project on a fixture of a few dozen rows.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from erw.datagen import schema

DEFAULT_LOADED_AT = dt.datetime(2030, 1, 1)


def write_raw(
    out: Path,
    tables: dict[tuple[str, str], list[dict]],
    *,
    loaded_at: dt.datetime = DEFAULT_LOADED_AT,
    fmt: str = "parquet",
    drop: dict[tuple[str, str], list[str]] | None = None,
    skip_tables: set[tuple[str, str]] = frozenset(),
) -> Path:
    """Write every contract table under `out/<system>/<table>.<fmt>` (fmt: parquet or csv).

    `tables` maps (system, table) to a list of row dicts. Rows without `_loaded_at` get `loaded_at`
    (by default a fixed load time far after any business timestamp, so no row trips the
    future-timestamp check unless the test asks for it). `drop` leaves contract columns out of a
    table and `skip_tables` leaves tables out altogether (to test the preflight). CSV files are
    written as text exactly as given, so a test can plant a value that does not parse ('ten').
    """
    drop = drop or {}
    unknown = set(tables) - set(schema.all_tables())
    if unknown:
        raise ValueError(f"not in the source contract: {sorted(unknown)}")
    for system, table in schema.all_tables():
        if (system, table) in skip_tables:
            continue
        arrow = schema.arrow_schema(system, table)
        rows = tables.get((system, table), [])
        for row in rows:
            extra = set(row) - set(arrow.names)
            if extra:
                raise ValueError(f"{system}.{table}: unknown columns {sorted(extra)}")
        names = [name for name in arrow.names if name not in drop.get((system, table), [])]
        data = {
            name: [row.get(name, loaded_at if name == "_loaded_at" else None) for row in rows]
            for name in names
        }
        path = out / system / f"{table}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            pq.write_table(pa.table(data, schema=pa.schema([arrow.field(n) for n in names])), path)
        else:
            with path.open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(names)
                for i in range(len(rows)):
                    writer.writerow([_csv_text(data[name][i]) for name in names])
    return out


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)
