"""Compare the marts Spark wrote (Parquet under the Spark warehouse, read straight from disk) with the
same marts in a DuckDB warehouse.

    python scripts/compare_engines.py warehouse/expansion_revenue.duckdb warehouse/spark

For every mart of the DuckDB warehouse's marts schema: the Spark table folder
<spark_warehouse>/<schema>.db/<mart>/ must exist unless the mart is a Python model or reads one
(--duckdb-only, or disabled in --spark-manifest: the Python score side, which dbt-spark cannot
run, and the snapshot-based restatements). Per mart: the row counts and column types agree
(decimal precision and scale too; Spark's UTC-instant timestamps read as DuckDB's UTC timestamps),
and the rows match one to one on every column that is not a number with a fraction, with decimals
(money) within --money-tolerance and doubles (rates, NRR/GRR/logo retention, scores) within
--ratio-tolerance relative to max(1, |value|). fct_triggers is also compared as
firings per trigger key. Exit 1 on any difference, 0 when every shared mart agrees.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys

import duckdb

FRACTION_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL")
# When the build ran, not what it computed: never equal across two builds, so not compared.
BUILD_COLUMNS = {"_built_at"}


def spark_files(spark_warehouse: str, schema: str, mart: str) -> str | None:
    folder = os.path.join(spark_warehouse, f"{schema}.db", mart)
    if not os.path.isdir(folder):
        return None
    return os.path.join(folder, "*.parquet")


def compare_mart(con, mart: str, files: str, money_tol: float, ratio_tol: float) -> list[str]:
    """Problems found comparing duck.<schema>.<mart> with the Parquet files `files`."""
    columns = con.execute(f"describe duck_mart_{mart}").fetchall()
    names = [c[0] for c in columns if c[0] not in BUILD_COLUMNS]
    types = {c[0]: c[1] for c in columns}
    has_files = bool(glob.glob(files))
    if has_files:
        spark_types = {
            c[0].lower(): c[1]
            for c in con.execute(f"describe select * from read_parquet('{files}')").fetchall()
        }
        missing = [n for n in names if n.lower() not in spark_types]
        if missing:
            return [f"{mart}: columns missing on Spark: {', '.join(missing)}"]
        # Same types on both sides (money: decimal precision and scale). Spark writes its timestamps
        # as UTC instants (Parquet isAdjustedToUTC), which DuckDB reads as TIMESTAMP WITH TIME ZONE;
        # the session here is UTC, so they compare as DuckDB's plain UTC timestamps.
        retyped = [
            f"{n} {types[n]} vs {spark_types[n.lower()]}"
            for n in names
            if spark_types[n.lower()] != types[n]
            and (types[n], spark_types[n.lower()]) != ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
        ]
        if retyped:
            return [f"{mart}: types differ (DuckDB vs Spark): {', '.join(retyped)}"]
        projection = ", ".join(f'cast("{n}" as {types[n]}) as "{n}"' for n in names)
        con.execute(
            f"create or replace temp view spark_mart_{mart} as "
            f"select {projection} from read_parquet('{files}')"
        )
    else:
        con.execute(
            f"create or replace temp view spark_mart_{mart} as select * from duck_mart_{mart} where false"
        )
    duck_rows = con.execute(f"select count(*) from duck_mart_{mart}").fetchone()[0]
    spark_rows = con.execute(f"select count(*) from spark_mart_{mart}").fetchone()[0]
    if duck_rows != spark_rows:
        return [f"{mart}: {duck_rows} rows on DuckDB, {spark_rows} on Spark"]
    if duck_rows == 0:
        return []
    numeric = [n for n in names if types[n].upper().startswith(FRACTION_TYPES)]
    keys = [n for n in names if n not in numeric]
    order = ", ".join(f'"{n}"' for n in numeric) or "1"
    partition = ", ".join(f'"{n}"' for n in keys) or "1"

    def numbered(view: str) -> str:
        return f"select *, row_number() over (partition by {partition} order by {order}) as _n from {view}"

    join = " and ".join([f'd."{k}" is not distinct from s."{k}"' for k in keys] + ["d._n = s._n"])
    checks = []
    for n in numeric:
        tol = money_tol if types[n].upper().startswith("DECIMAL") else ratio_tol
        checks.append(
            f'(d."{n}" is null) <> (s."{n}" is null)'
            f' or abs(cast(d."{n}" as double) - cast(s."{n}" as double))'
            f' > {tol} * greatest(1, abs(cast(d."{n}" as double)))'
        )
    mismatch = " or ".join(["d._n is null", "s._n is null"] + checks)
    sql = (
        f"with d as ({numbered(f'duck_mart_{mart}')}), s as ({numbered(f'spark_mart_{mart}')}) "
        f"select count(*) from d full outer join s on {join} where {mismatch}"
    )
    bad = con.execute(sql).fetchone()[0]
    if bad:
        return [f"{mart}: {bad} rows differ (unmatched keys or numbers beyond tolerance)"]
    return []


def compare(
    duckdb_path: str,
    spark_warehouse: str,
    schema: str,
    duckdb_only: set[str],
    money_tol: float,
    ratio_tol: float,
) -> tuple[list[str], list[str], list[str]]:
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{duckdb_path}' as duck (read_only)")
    marts = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'duck' and table_schema = ? "
            "order by 1",
            [schema],
        ).fetchall()
    ]
    python_side = sorted(set(marts) & duckdb_only - {"rpt_board_restatements"})
    if python_side and "fct_score_trigger_firings" in python_side:
        # With the Python models, DuckDB's trigger and pipeline marts also count the score-based
        # triggers, which Spark cannot compute: those marts cannot match row for row.
        return (
            [
                "the DuckDB warehouse was built with the Python models (it has "
                f"{', '.join(python_side)}); its trigger and pipeline marts then include the score-based "
                "triggers Spark cannot compute. Build the DuckDB side with "
                "--vars '{python_models_enabled: false}' (what `make spark-compare` does)"
            ],
            [],
            [],
        )
    problems, compared, skipped = [], [], []
    for mart in marts:
        con.execute(f"create or replace temp view duck_mart_{mart} as select * from duck.{schema}.{mart}")
        files = spark_files(spark_warehouse, schema, mart)
        if files is None:
            if mart in duckdb_only:
                skipped.append(mart)
            else:
                problems.append(f"{mart}: not built on Spark")
            continue
        problems += compare_mart(con, mart, files, money_tol, ratio_tol)
        compared.append(mart)
    if "fct_triggers" in compared:
        per_key = """
            select trigger_key, count(*) as firings from {} group by all
        """
        diff = con.execute(
            f"({per_key.format('duck_mart_fct_triggers')} except all "
            f"{per_key.format('spark_mart_fct_triggers')})"
            f" union all ({per_key.format('spark_mart_fct_triggers')} except all "
            f"{per_key.format('duck_mart_fct_triggers')})"
        ).fetchall()
        problems += [f"fct_triggers per trigger key differs: {row}" for row in diff]
    return problems, compared, skipped


def disabled_models(manifest_path: str) -> set[str]:
    """Names of the models a dbt run disabled (on Spark: the Python score marts and what reads them)."""
    with open(manifest_path) as f:
        manifest = json.load(f)
    return {
        node["name"]
        for nodes in manifest.get("disabled", {}).values()
        for node in nodes
        if node.get("resource_type") == "model"
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("duckdb_path")
    parser.add_argument("spark_warehouse")
    parser.add_argument("--schema", default="main_marts")
    parser.add_argument("--duckdb-only", default="", help="comma-separated marts Spark does not build")
    parser.add_argument(
        "--spark-manifest", help="manifest.json of the Spark run: its disabled marts may be absent on Spark"
    )
    parser.add_argument("--money-tolerance", type=float, default=1e-6)
    parser.add_argument("--ratio-tolerance", type=float, default=1e-9)
    args = parser.parse_args(argv)
    duckdb_only = {m for m in args.duckdb_only.split(",") if m}
    if args.spark_manifest:
        duckdb_only |= disabled_models(args.spark_manifest)
    problems, compared, skipped = compare(
        args.duckdb_path,
        args.spark_warehouse,
        args.schema,
        duckdb_only,
        args.money_tolerance,
        args.ratio_tolerance,
    )
    print(
        f"compared {len(compared)} marts; disabled on Spark (Python side, snapshot): "
        f"{len(skipped)} {sorted(skipped)}"
    )
    for line in problems:
        print("DIFF", line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
