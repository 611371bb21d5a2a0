"""Read-only access to the built warehouse for the tools that consume it (sign-off, board pack).

Every reader opens the DuckDB file with read_only=True (DuckDB allows one writer per file; a reader
must never take the lock a build needs) and reads marts by table name, whatever schema dbt put them
in. Thresholds come from dbt_project.yml vars so the tools and the models share one value.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]


def warehouse_path(path: str | os.PathLike | None = None) -> Path:
    """The warehouse file: the argument, else ERW_DUCKDB_PATH; a clear error when it is missing."""
    chosen = path or os.environ.get("ERW_DUCKDB_PATH")
    if not chosen:
        raise SystemExit("no warehouse: pass --warehouse or set ERW_DUCKDB_PATH (make demo builds one)")
    resolved = Path(chosen)
    if not resolved.exists():
        raise SystemExit(f"warehouse file not found: {resolved} (run `make demo` first)")
    return resolved


def project_var(name: str, default=None):
    """A var from dbt_project.yml (the literal value; Jinja-valued vars are not resolved)."""
    config = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    return (config.get("vars") or {}).get(name, default)


class Warehouse:
    """A read-only connection that reads tables by name from whichever schema holds them."""

    def __init__(self, path: str | os.PathLike | None = None):
        import duckdb

        self.path = warehouse_path(path)
        self.connection = duckdb.connect(str(self.path), read_only=True)
        rows = self.connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        self._schemas = {}
        for schema, table in rows:
            self._schemas.setdefault(table, schema)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.connection.close()

    def has_table(self, table: str) -> bool:
        return table in self._schemas

    def columns(self, table: str) -> list[str]:
        return list(self.read(table, limit=0).columns)

    def read(self, table: str, limit: int | None = None) -> pd.DataFrame:
        if table not in self._schemas:
            raise KeyError(f"table {table} not found in {self.path} (is the warehouse built?)")
        sql = f'select * from "{self._schemas[table]}"."{table}"'
        if limit is not None:
            sql += f" limit {int(limit)}"
        return self.connection.execute(sql).df()
