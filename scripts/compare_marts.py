"""Compare the marts of two DuckDB warehouses row by row, with doubles rounded, to tell float noise
from real differences (mart_checksums.py compares to the last bit).

    python scripts/compare_marts.py before.duckdb after.duckdb              # doubles rounded to 9 decimals
    python scripts/compare_marts.py before.duckdb after.duckdb --digits 6 --only fct_triggers

For every mart in both warehouses: the rows of each that the other lacks (multiset difference, so
duplicates count) after rounding every double / float column to --digits decimals. Exit 1 when a
mart differs or exists on one side only. Both files are opened read-only.
"""

from __future__ import annotations

import argparse
import sys

import duckdb


def compare(before: str, after: str, schema: str, digits: int, only: set[str]) -> dict[str, object]:
    con = duckdb.connect()
    con.execute(f"attach '{before}' as b (read_only)")
    con.execute(f"attach '{after}' as a (read_only)")

    def tables(catalog: str) -> set[str]:
        return {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = ? and table_schema = ?",
                [catalog, schema],
            ).fetchall()
        }

    before_tables, after_tables = tables("b"), tables("a")
    result: dict[str, object] = {}
    for name in sorted(before_tables | after_tables):
        if only and name not in only:
            continue
        if name not in before_tables or name not in after_tables:
            result[name] = "only in " + ("after" if name in after_tables else "before")
            continue
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = 'b' and table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall()
        select = ", ".join(
            f'round("{c}", {digits}) as "{c}"' if t in ("DOUBLE", "FLOAT", "REAL") else f'"{c}"'
            for c, t in columns
        )
        missing, extra = con.execute(
            f"""
            select
                (select count(*) from (select {select} from b.{schema}."{name}"
                                       except all select {select} from a.{schema}."{name}")),
                (select count(*) from (select {select} from a.{schema}."{name}"
                                       except all select {select} from b.{schema}."{name}"))
            """
        ).fetchone()
        result[name] = (missing, extra)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schema", default="main_marts")
    parser.add_argument("--digits", type=int, default=9)
    parser.add_argument("--only", default="", help="comma-separated marts")
    args = parser.parse_args(argv)
    result = compare(
        args.before, args.after, args.schema, args.digits, {o for o in args.only.split(",") if o}
    )
    differing = 0
    for name, outcome in result.items():
        if isinstance(outcome, tuple):
            status = (
                "same" if outcome == (0, 0) else f"{outcome[0]} rows only before, {outcome[1]} only after"
            )
        else:
            status = outcome
        differing += status != "same"
        print(f"{name}: {status}")
    print(f"{len(result)} marts, {differing} differ (doubles rounded to {args.digits} decimals)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
