"""Helpers for tests that build the dbt project: run dbt against a given raw dir and DuckDB file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

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
