"""Checksum every mart of a DuckDB warehouse, to prove two builds are identical.

Each relation in the marts schema is rendered row by row as text (DuckDB's own cast of the whole
row), the rows are sorted, and the sorted text is hashed with MD5. Equal checksums mean the same
rows with the same values to the last bit of every double; the order rows were written in does
not matter.

    python scripts/mart_checksums.py warehouse/expansion_revenue.duckdb            # print
    python scripts/mart_checksums.py a.duckdb --json a.json                        # save
    python scripts/mart_checksums.py b.duckdb --compare a.json                     # diff, exit 1

The warehouse is opened read-only.
"""

from __future__ import annotations

import argparse
import json
import sys

import duckdb


def mart_checksums(path: str, schema: str = "main_marts") -> dict[str, dict[str, object]]:
    """Return {relation: {"rows": n, "md5": hex}} for every table and view in `schema`."""
    con = duckdb.connect(path, read_only=True)
    try:
        names = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by table_name",
                [schema],
            ).fetchall()
        ]
        result: dict[str, dict[str, object]] = {}
        for name in names:
            rows, digest = con.execute(
                f"""
                select count(*), md5(coalesce(string_agg(row_text, chr(10) order by row_text), ''))
                from (select cast(t as varchar) as row_text from "{schema}"."{name}" as t)
                """
            ).fetchone()
            result[name] = {"rows": rows, "md5": digest}
        return result
    finally:
        con.close()


def compare(before: dict, after: dict) -> list[str]:
    """Human-readable differences between two checksum maps (empty when identical)."""
    problems = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            problems.append(f"{name}: missing in the second build")
        elif name not in before:
            problems.append(f"{name}: new in the second build")
        elif before[name] != after[name]:
            problems.append(
                f"{name}: rows {before[name]['rows']} -> {after[name]['rows']}, "
                f"md5 {before[name]['md5']} -> {after[name]['md5']}"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse")
    parser.add_argument("--schema", default="main_marts")
    parser.add_argument("--json", help="write the checksums to this file")
    parser.add_argument("--compare", help="compare with checksums saved earlier by --json")
    args = parser.parse_args(argv)

    sums = mart_checksums(args.warehouse, args.schema)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(sums, handle, indent=1, sort_keys=True)
    if args.compare:
        with open(args.compare) as handle:
            problems = compare(json.load(handle), sums)
        for line in problems:
            print(line)
        print(f"{len(sums)} marts, {len(problems)} differ")
        return 1 if problems else 0
    for name, entry in sums.items():
        print(f"{name:45s} {entry['rows']:>10} {entry['md5']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
