"""The hand-written DuckDB rollup `scripts/bench.py` measures every dbt build against.

    .venv/bin/python scripts/bench_reference.py '<raw>/usage/events/*.parquet' reference.duckdb

What an engineer would write by hand for the heavy part of the usage path, in one process with the
warehouse's engine settings (threads, memory limit): read the raw events once, keep the latest copy
of each event_id (re-synced duplicates), then the account-day rollup (events, distinct users,
distinct features) and the account-month rollup of the same events, both written as tables. It
prints the row counts so a run can be sanity-checked against the warehouse.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import duckdb

REFERENCE_SQL = """
create or replace temp table events_deduplicated as
select account_id, user_id, feature_key, occurred_at
from read_parquet(?, union_by_name = true)
qualify row_number() over (partition by event_id order by _loaded_at desc) = 1;

create or replace table reference_account_days as
select
    account_id,
    cast(occurred_at as date) as usage_date,
    count(*) as events,
    count(distinct user_id) as active_users,
    count(distinct feature_key) as features_used
from events_deduplicated
group by all;

create or replace table reference_account_months as
select
    account_id,
    cast(date_trunc('month', occurred_at) as date) as usage_month,
    count(*) as events,
    count(distinct user_id) as active_users,
    count(distinct feature_key) as features_used
from events_deduplicated
group by all;
"""


def run_reference(events_glob: str, database: Path, threads: str, memory_limit: str) -> dict:
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    con.execute(f"set threads = {int(threads)}")
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute("set preserve_insertion_order = false")
    start = time.perf_counter()
    statements = [s for s in REFERENCE_SQL.split(";") if s.strip()]
    con.execute(statements[0], [events_glob])
    for statement in statements[1:]:
        con.execute(statement)
    seconds = time.perf_counter() - start
    counts = {
        table: con.execute(f"select count(*), sum(events) from {table}").fetchone()
        for table in ("reference_account_days", "reference_account_months")
    }
    con.close()
    return {"seconds": seconds, "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("events_glob")
    parser.add_argument("database", type=Path)
    parser.add_argument("--threads", default=os.environ.get("ERW_DUCKDB_THREADS", "2"))
    parser.add_argument("--memory-limit", default=os.environ.get("ERW_DUCKDB_MEMORY_LIMIT", "3GB"))
    args = parser.parse_args()
    result = run_reference(args.events_glob, args.database, args.threads, args.memory_limit)
    for table, (rows, events) in result["counts"].items():
        print(f"{table}: {rows:,} rows, {events:,} events")
    print(f"reference rollup: {result['seconds']:.1f} s")


if __name__ == "__main__":
    main()
