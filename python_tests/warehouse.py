"""Helpers for tests that build the dbt project: run dbt against a given raw dir and DuckDB file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")


def dbt_env(raw_dir: Path, duckdb_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ERW_RAW_DIR=str(raw_dir),
        ERW_DUCKDB_PATH=str(duckdb_path),
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        ERW_TARGET="dev",
        PYTHONPATH=str(PROJECT_DIR),
    )
    env.update(extra)
    return env


def run_dbt(args: list[str], raw_dir: Path, duckdb_path: Path, **extra: str) -> str:
    """Run one dbt command; raise with dbt's output when it fails."""
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [str(DBT), *args, "--project-dir", str(PROJECT_DIR)],
        cwd=PROJECT_DIR,
        env=dbt_env(raw_dir, duckdb_path, **extra),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}")
    return proc.stdout


def connect(duckdb_path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(duckdb_path), read_only=True)


def relations(con: duckdb.DuckDBPyConnection, schema_suffix: str) -> list[tuple[str, str]]:
    """(schema, name) of every table and view in schemas ending with `schema_suffix`."""
    return con.sql(
        f"""
        select table_schema, table_name
        from information_schema.tables
        where table_schema like '%{schema_suffix}'
        order by 1, 2
        """
    ).fetchall()


def closed_month_of(as_of: date, close_day: int) -> date:
    """The last closed month at `as_of`: a month closes once the data covers day `close_day` of the
    next month. Worked out here, not read from any mart's flag."""
    month = date(as_of.year, as_of.month, 1)
    while (pd.Timestamp(month) + pd.DateOffset(months=1)).date() + timedelta(days=close_day - 1) > as_of:
        month = (pd.Timestamp(month) - pd.DateOffset(months=1)).date()
    return month


def latest_closed_month(db: Path) -> date:
    """closed_month_of the warehouse's as-of date (rpt_reporting_period) and var month_close_day."""
    close_day = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]["month_close_day"]
    with duckdb.connect(str(db), read_only=True) as con:
        (as_of,) = con.execute("select as_of_date from main_marts.rpt_reporting_period").fetchone()
    return closed_month_of(as_of, close_day)
