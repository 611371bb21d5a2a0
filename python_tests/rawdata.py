"""Write small hand-built raw datasets that follow the source contract.

Tests describe only the rows and columns they care about; every other table of the contract is
written empty and every missing column as null, with the contract's Arrow types, so dbt can
build the whole project on a fixture of a few dozen rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from erw.datagen import schema

DEFAULT_LOADED_AT = dt.datetime(2030, 1, 1)


def write_raw(out: Path, tables: dict[tuple[str, str], list[dict]]) -> Path:
    """Write every contract table under `out/<system>/<table>.parquet`.

    `tables` maps (system, table) to a list of row dicts. Rows without `_loaded_at` get a fixed
    load time far after any business timestamp, so no row trips the future-timestamp check unless
    the test asks for it.
    """
    unknown = set(tables) - set(schema.all_tables())
    if unknown:
        raise ValueError(f"not in the source contract: {sorted(unknown)}")
    for system, table in schema.all_tables():
        arrow = schema.arrow_schema(system, table)
        rows = tables.get((system, table), [])
        for row in rows:
            extra = set(row) - set(arrow.names)
            if extra:
                raise ValueError(f"{system}.{table}: unknown columns {sorted(extra)}")
        data = {
            name: [row.get(name, DEFAULT_LOADED_AT if name == "_loaded_at" else None) for row in rows]
            for name in arrow.names
        }
        path = out / system / f"{table}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(data, schema=arrow), path)
    return out
