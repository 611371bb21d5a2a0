"""Shared fixtures: small generated data sets (40 accounts, 14 months) built once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root, for `import erw`

from erw.datagen import generate, schema  # noqa: E402

SMALL = {"accounts": 40, "months": 14, "as_of": "2026-06-30", "seed": 7}


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw_clean")
    counts = generate(out=out, dirty_rate=0.0, **SMALL)
    return out, counts


@pytest.fixture(scope="session")
def dirty_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw_dirty")
    counts = generate(out=out, dirty_rate=0.01, **SMALL)
    return out, counts


def open_raw(raw_dir) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with one view per raw table (named like the table)."""
    con = duckdb.connect()
    for system, table in schema.all_tables():
        con.execute(
            f"create view {table} as select * from read_parquet('{raw_dir}/{system}/{table}.parquet')"
        )
    return con


@pytest.fixture(scope="session")
def clean(clean_dir):
    con = open_raw(clean_dir[0])
    yield con
    con.close()


@pytest.fixture(scope="session")
def dirty(dirty_dir):
    con = open_raw(dirty_dir[0])
    con.execute(
        f"create view manifest as select * from read_parquet('{dirty_dir[0]}/_dirty_manifest.parquet')"
    )
    yield con
    con.close()
