"""Shared fixtures: small generated data sets (40 accounts, 14 months) and a built demo warehouse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root, for `import erw`

from erw.datagen import generate, schema  # noqa: E402
from python_tests.warehouse import run_dbt  # noqa: E402

SMALL = {"accounts": 40, "months": 14, "as_of": "2026-06-30", "seed": 9}


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
            f"create view {table} as select * from read_parquet('{schema.raw_location(raw_dir, system, table)}')"
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


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    """(raw dir, warehouse) of a full dbt build on generated, dirty demo data.

    `make test` builds the demo warehouse first and exports ERW_RAW_DIR / ERW_DUCKDB_PATH, so tests
    reuse that build. Run alone, pytest generates and builds a small dirty data set of its own.
    """
    raw = Path(os.environ.get("ERW_RAW_DIR", "/nonexistent"))
    db = Path(os.environ.get("ERW_DUCKDB_PATH", "/nonexistent"))
    if (raw / "_dirty_manifest.parquet").exists() and db.exists():
        return raw, db
    base = tmp_path_factory.mktemp("demo")
    raw, db = base / "raw", base / "warehouse.duckdb"
    generate(accounts=80, months=14, as_of="2026-06-30", seed=7, out=raw, dirty_rate=0.01)
    run_dbt(["build", "--exclude", "resource_type:test"], raw, db)
    return raw, db
