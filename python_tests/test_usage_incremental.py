"""Incremental usage rollups equal a full refresh, including late and out-of-order loads.

Hand-built events in two loads. Load 1 ends at the watermark 2024-03-10 12:00. Load 2 adds:
  e6  a late event (occurred 03-01, loaded 03-12)              -> account-month a1/2024-03 reprocessed
  e7  an out-of-order commit (loaded 03-09, before the watermark, but inside the 3-day lookback)
                                                               -> account-month a2/2024-02 reprocessed
  e8  a normal new event, e9 an event in a new month.
  e12, e13  new events of a3 on 03-11: a3/2024-03 is rewritten from 03-11 on; its days 03-04 and
            03-05 (load 1, before the lookback) stay stored, and 03-11's month-to-date metered
            units continue from them (40 + 2.5).
Expected figures below are counted by hand from this table.
"""

from __future__ import annotations

import datetime as dt
import subprocess

import duckdb
import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import run_dbt

T = dt.datetime
INCREMENTAL_MODELS = [
    "int_account_usage_days_aggregated",
    "int_account_usage_months_aggregated",
    "int_account_feature_usage_days_aggregated",
]
SELECT = ["--select", *[f"+{m}" for m in INCREMENTAL_MODELS]]


def _event(event_id, account, user, name, occurred, loaded, feature=None, quantity=1.0):
    return dict(
        event_id=event_id,
        account_id=account,
        user_id=user,
        event_name=name,
        feature_key=feature,
        quantity=quantity,
        occurred_at=occurred,
        _loaded_at=loaded,
    )


LOAD_1 = [
    _event("e1", "a1", "u1", "session_start", T(2024, 3, 1, 9), T(2024, 3, 1, 9, 5)),
    _event("e2", "a1", "u1", "feature_used", T(2024, 3, 1, 9, 10), T(2024, 3, 1, 9, 15), "f1"),
    _event("e3", "a1", "u2", "metered_usage", T(2024, 3, 2, 10), T(2024, 3, 2, 10, 1), "f1", 100.0),
    _event("e4", "a2", "u3", "session_start", T(2024, 2, 28, 8), T(2024, 2, 28, 8, 30)),
    _event("e5", "a1", "u1", "metered_usage", T(2024, 3, 10, 11), T(2024, 3, 10, 12), "f1", 50.0),
    _event("e10", "a3", "u4", "metered_usage", T(2024, 3, 4, 10), T(2024, 3, 4, 10, 5), "f1", 40.0),
    _event("e11", "a3", "u4", "feature_used", T(2024, 3, 5, 9), T(2024, 3, 5, 9, 1), "f1"),
]
LOAD_2 = [
    _event("e6", "a1", "u2", "feature_used", T(2024, 3, 1, 23), T(2024, 3, 12), "f1"),
    _event("e7", "a2", "u3", "feature_used", T(2024, 2, 28, 15), T(2024, 3, 9), "f2"),
    _event("e8", "a1", "u1", "metered_usage", T(2024, 3, 11, 9), T(2024, 3, 11, 13), "f1", 25.0),
    _event("e9", "a2", "u3", "session_start", T(2024, 4, 1, 7), T(2024, 4, 1, 7, 5)),
    _event("e12", "a3", "u4", "metered_usage", T(2024, 3, 11, 8), T(2024, 3, 11, 8, 5), "f1", 2.5),
    _event("e13", "a3", "u5", "feature_used", T(2024, 3, 11, 9), T(2024, 3, 11, 9, 1), "f2"),
]
REFERENCE = {
    ("crm", "accounts"): [
        dict(account_id="a1", account_name="Alpha", segment="smb", created_at=T(2023, 1, 1)),
        dict(account_id="a2", account_name="Beta", segment="mid_market", created_at=T(2023, 1, 1)),
        dict(account_id="a3", account_name="Gamma", segment="smb", created_at=T(2023, 1, 1)),
    ],
    ("usage", "users"): [
        dict(user_id="u1", account_id="a1", email="ann.lee@alpha.io", created_at=T(2023, 1, 1)),
        dict(user_id="u2", account_id="a1", email="bo.kim@alpha.io", created_at=T(2023, 1, 1)),
        dict(user_id="u3", account_id="a2", email="cy.ng@beta.io", created_at=T(2023, 1, 1)),
        dict(user_id="u4", account_id="a3", email="di.ho@gamma.io", created_at=T(2023, 1, 1)),
        dict(user_id="u5", account_id="a3", email="ed.wu@gamma.io", created_at=T(2023, 1, 1)),
    ],
    ("usage", "features"): [
        dict(
            feature_key="f1",
            feature_name="Boards",
            product_line="platform",
            is_core=True,
            is_premium=False,
            min_tier_rank=1,
        ),
        dict(
            feature_key="f2",
            feature_name="Audit log",
            product_line="platform",
            is_core=False,
            is_premium=True,
            min_tier_rank=3,
        ),
    ],
    ("finance", "fx_rates"): [dict(rate_date=dt.date(2024, 1, 1), currency="USD", usd_per_unit=1.0)],
}


def _write(path, events):
    return write_raw(path, {**REFERENCE, ("usage", "events"): events})


def _rows(db, model, order):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(f"select * from main_intermediate.{model} order by {order}").fetchall()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("incremental")
    raw_1, raw_2 = _write(base / "raw1", LOAD_1), _write(base / "raw2", LOAD_1 + LOAD_2)
    incremental_db, full_db = base / "incremental.duckdb", base / "full.duckdb"
    run_dbt(["run", *SELECT, "--full-refresh"], raw_1, incremental_db)
    before = {m: _rows(incremental_db, m, "all") for m in INCREMENTAL_MODELS}
    run_dbt(["run", *SELECT], raw_2, incremental_db)
    run_dbt(["run", *SELECT, "--full-refresh"], raw_2, full_db)
    return before, incremental_db, full_db


@pytest.mark.parametrize("model", INCREMENTAL_MODELS)
def test_incremental_run_equals_full_refresh(builds, model):
    before, incremental_db, full_db = builds
    after = _rows(incremental_db, model, "all")
    assert after == _rows(full_db, model, "all")
    assert after != before[model], "load 2 must change the rollup, or this test proves nothing"


def test_daily_figures_match_hand_counts(builds):
    _, incremental_db, _ = builds
    with duckdb.connect(str(incremental_db), read_only=True) as con:
        rows = {
            (r[0], str(r[1])): r[2:]
            for r in con.sql(
                """
                select account_id, usage_date, active_users, events, sessions, feature_events,
                       metered_units, metered_units_mtd
                from main_intermediate.int_account_usage_days_aggregated
                """
            ).fetchall()
        }
    assert rows[("a1", "2024-03-01")] == (2, 3, 1, 2, 0.0, 0.0)  # e1, e2 + late e6 from u2
    assert rows[("a1", "2024-03-02")] == (1, 1, 0, 0, 100.0, 100.0)
    assert rows[("a1", "2024-03-10")] == (1, 1, 0, 0, 50.0, 150.0)
    assert rows[("a1", "2024-03-11")] == (1, 1, 0, 0, 25.0, 175.0)
    assert rows[("a2", "2024-02-28")] == (1, 2, 1, 1, 0.0, 0.0)  # e4 + out-of-order e7
    assert rows[("a2", "2024-04-01")] == (1, 1, 1, 0, 0.0, 0.0)
    assert rows[("a3", "2024-03-04")] == (1, 1, 0, 0, 40.0, 40.0)
    assert rows[("a3", "2024-03-05")] == (1, 1, 0, 1, 0.0, 40.0)
    assert rows[("a3", "2024-03-11")] == (2, 2, 0, 1, 2.5, 42.5)  # u4 and u5; 40 carried over
    assert len(rows) == 9


def test_monthly_figures_match_hand_counts(builds):
    _, incremental_db, _ = builds
    with duckdb.connect(str(incremental_db), read_only=True) as con:
        rows = {
            (r[0], str(r[1])): r[2:]
            for r in con.sql(
                """
                select account_id, usage_month, active_days, active_users, events, metered_units
                from main_intermediate.int_account_usage_months_aggregated
                """
            ).fetchall()
        }
    assert rows == {
        ("a1", "2024-03-01"): (4, 2, 6, 175.0),
        ("a2", "2024-02-01"): (1, 1, 2, 0.0),
        ("a2", "2024-04-01"): (1, 1, 1, 0.0),
        ("a3", "2024-03-01"): (3, 2, 4, 42.5),  # stored days 03-04, 03-05 + the new 03-11
    }


def _rollup_rows(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(
            "select * exclude (_built_at) from main_intermediate.int_account_usage_rollups_aggregated "
            "order by all"
        ).fetchall()


def test_rollup_table_equals_full_refresh_at_every_grain(builds):
    """All five grains (user_month and feature_month included), bookkeeping aside."""
    _, incremental_db, full_db = builds
    assert _rollup_rows(incremental_db) == _rollup_rows(full_db)


def test_only_the_tail_of_a_touched_month_is_rewritten(builds):
    """a3/2024-03: its day and feature-day rows before 03-11 keep the first build's _built_at; the
    second build wrote 03-11 and every month grain."""
    _, incremental_db, _ = builds
    with duckdb.connect(str(incremental_db), read_only=True) as con:
        built = dict(
            con.sql(
                "select rollup_grain || ' ' || coalesce(cast(usage_date as varchar), '') "
                "|| coalesce(' ' || feature_key, '') || coalesce(' ' || user_id, ''), _built_at "
                "from main_intermediate.int_account_usage_rollups_aggregated "
                "where account_id = 'a3'"
            ).fetchall()
        )
    first, second = min(built.values()), max(built.values())
    assert first < second
    assert {k for k, v in built.items() if v == first} == {
        "day 2024-03-04",
        "day 2024-03-05",
        "feature_day 2024-03-04 f1",
        "feature_day 2024-03-05 f1",
    }
    assert {k for k, v in built.items() if v == second} == {
        "day 2024-03-11",
        "feature_day 2024-03-11 f1",
        "feature_day 2024-03-11 f2",
        "month ",
        "feature_month  f1",
        "feature_month  f2",
        "user_month  u4",
        "user_month  u5",
    }


# --------------------------------------------------------------------------- whole project, load files
#
# A generated, dirty data set (events as monthly load files). The first build sees the events loaded
# before T (36 hours before the last load) except an out-of-order batch S: a fifth of the events
# loaded in the day before T. Then ONE new load file arrives with everything loaded from T on (late
# events included: the generator delays some events by days), the out-of-order batch S (loaded before
# the watermark, inside the lookback) and re-synced copies of three early metered events with a
# changed quantity (the copy wins, the stored original becomes a duplicate). An incremental build
# on that must give exactly the marts a full refresh of the same raw data gives.

MART_SCHEMA = "main_marts"


def _split_events(raw) -> dict:
    """Rewrite raw/usage/events/ as the first build's files; return the new load as an Arrow table."""
    import pyarrow.parquet as pq

    events_dir = raw / "usage" / "events"
    con = duckdb.connect()
    con.execute(f"create table events as select * from read_parquet('{events_dir}/*.parquet')")
    last = con.execute("select max(_loaded_at) from events").fetchone()[0]
    cut = last - dt.timedelta(hours=36)
    con.execute(
        "create table out_of_order as select * from events "
        "where _loaded_at >= ? - interval 1 day and _loaded_at < ? and hash(event_id) % 5 = 0",
        [cut, cut],
    )
    con.execute(
        "create table resynced as select * replace (quantity + 7 as quantity, ? as _loaded_at) "
        "from events where event_name = 'metered_usage' and quantity > 0 "
        "and event_id not like 'evt_9%' order by occurred_at, event_id limit 3",
        [last],
    )
    new_load = con.execute(
        "select * from events where _loaded_at >= ? "
        "union all select * from out_of_order union all select * from resynced",
        [cut],
    ).to_arrow_table()
    first = con.execute(
        "select * from events where _loaded_at < ? and event_id not in (select event_id from out_of_order)",
        [cut],
    ).to_arrow_table()
    for old in events_dir.glob("*.parquet"):
        old.unlink()
    pq.write_table(first, events_dir / "events_first.parquet")
    counts = {
        "out_of_order": con.execute("select count(*) from out_of_order").fetchone()[0],
        "resynced": con.execute("select count(*) from resynced").fetchone()[0],
        "late": con.execute(
            "select count(*) from events where _loaded_at >= ? and _loaded_at - occurred_at > interval 1 day",
            [cut],
        ).fetchone()[0],
    }
    return {"table": new_load, "cut": cut, "counts": counts}


# The incremental PQA state: its scores can stay the same after a new day (a balance floored at
# zero), the state cannot. The plan usage months are incremental too, and rewrite the older months
# of an account whose subscription items changed.
PQA_STATE = ("main_intermediate", "int_account_pqa_points_accumulated")
PLAN_USAGE = ("main_intermediate", "int_account_plan_usage_months_summarised")
ADOPTION = ("main_intermediate", "int_account_adoption_signals_monthly")


def _table_rows(con, schema, name, drop=("_built_at",)) -> list[tuple]:
    """The table's rows, sorted, doubles rounded to 9 decimals (summation order aside), without the
    `drop` columns (`_built_at`: an incremental build keeps older rows)."""
    columns = [c[0] for c in con.execute(f'describe {schema}."{name}"').fetchall()]
    kept = ", ".join(f'"{c}"' for c in columns if c not in drop)
    rows = con.execute(f'select {kept} from {schema}."{name}"').fetchall()
    return sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows), key=repr)


def _marts(db) -> dict[str, list[tuple]]:
    """Every mart and the incremental intermediates checked here, as sorted lists of rows (_table_rows)."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [
            (MART_SCHEMA, r[0])
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ?", [MART_SCHEMA]
            ).fetchall()
        ] + [PQA_STATE, PLAN_USAGE, ADOPTION]
        # the score marts' input digests are bookkeeping: doubles summed in another order hash
        # differently, while the figures agree to 9 decimals
        return {
            name: _table_rows(con, schema, name, drop=("_built_at", "_inputs_digest"))
            for schema, name in names
        }


def _rewrite_export(path, replaced_column: str, new_value_sql: str, params: list) -> None:
    """Rewrite one Parquet export in place with `replaced_column` set to `new_value_sql` (DuckDB SQL
    over the file's columns, with `?` parameters)."""
    import pyarrow.parquet as pq

    rewritten = duckdb.connect().sql(
        f"select * replace ({new_value_sql} as {replaced_column}) from read_parquet('{path}')",
        params=params,
    )
    pq.write_table(rewritten.to_arrow_table(), path)


def _merge_the_departments_of_an_account(raw) -> str:
    """A CRM clean-up in the users export: every user of the first account (by user id) moves to
    one department. Returns the account."""
    users = raw / "usage" / "users.parquet"
    account = duckdb.sql(
        f"select account_id from read_parquet('{users}') where account_id is not null order by user_id limit 1"
    ).fetchall()[0][0]
    _rewrite_export(
        users, "department", "case when account_id = ? then 'finance' else department end", [account]
    )
    return account


def _correct_an_old_seat_count(raw, cut) -> str:
    """A billing correction in the subscription items export: the quantity of the earliest per-seat
    item that started more than 60 days before the new load is doubled. Returns the item's id."""
    items, plans = raw / "billing" / "subscription_items.parquet", raw / "billing" / "plans.parquet"
    item = duckdb.sql(
        f"select items.subscription_item_id from read_parquet('{items}') as items "
        f"inner join read_parquet('{plans}') as plans on items.plan_id = plans.plan_id "
        "where plans.pricing_model = 'per_seat' and items.valid_from < ? - interval 60 day "
        "order by items.valid_from, items.subscription_item_id limit 1",
        params=[cut],
    ).fetchall()[0][0]
    _rewrite_export(
        items, "quantity", "case when subscription_item_id = ? then quantity * 2 else quantity end", [item]
    )
    return item


@pytest.fixture(scope="module")
def project_builds(tmp_path_factory):
    import pyarrow.parquet as pq

    from erw.datagen import generate

    base = tmp_path_factory.mktemp("incremental_project")
    raw = base / "raw"
    generate(accounts=30, months=8, as_of="2026-06-30", seed=11, out=raw, dirty_rate=0.01)
    split = _split_events(raw)
    incremental_db, full_db = base / "incremental.duckdb", base / "full.duckdb"
    build = ["build", "--exclude", "resource_type:test", "resource_type:unit_test"]
    run_dbt([*build, "--full-refresh"], raw, incremental_db)
    first = _marts(incremental_db)
    with duckdb.connect(str(incremental_db), read_only=True) as con:
        first_checked_at = con.execute(
            "select max(_checked_at) from main_intermediate.int_usage__events_checked"
        ).fetchone()[0]
    pq.write_table(split["table"], raw / "usage" / "events" / "events_new_day.parquet")
    corrected_item = _correct_an_old_seat_count(raw, split["cut"])
    merged_account = _merge_the_departments_of_an_account(raw)
    run_dbt(build, raw, incremental_db)
    run_dbt([*build, "--full-refresh"], raw, full_db)
    return {
        **split,
        "first": first,
        "first_checked_at": first_checked_at,
        "corrected_item": corrected_item,
        "merged_account": merged_account,
        "inc": incremental_db,
        "full": full_db,
    }


def test_the_new_load_has_late_out_of_order_and_resynced_events(project_builds):
    counts = project_builds["counts"]
    assert counts["out_of_order"] > 0 and counts["late"] > 0 and counts["resynced"] == 3


def test_incremental_build_equals_full_refresh_on_every_mart(project_builds):
    incremental, full = _marts(project_builds["inc"]), _marts(project_builds["full"])
    assert set(incremental) == set(full)
    # rpt_board_restatements compares a build's board figures with those earlier builds recorded:
    # the billing correction between the incremental warehouse's two builds is a restatement there;
    # the warehouse built once has none.
    history = "rpt_board_restatements"
    different = [name for name in sorted(full) if name != history and incremental[name] != full[name]]
    assert different == []
    assert full[history] == [] and incremental[history] != []
    changed = [name for name in sorted(full) if project_builds["first"].get(name) != full[name]]
    # the new day reaches the usage-driven marts, or the comparison above proves nothing
    assert {"int_account_pqa_points_accumulated", "fct_quarantined_rows"} <= set(changed)


def _months_the_new_load_touched(new_load) -> set[tuple]:
    """(account, month) of every event of the new load: the months its events made the build touch."""
    return {
        (account, occurred.date().replace(day=1))
        for account, occurred in zip(
            new_load["account_id"].to_pylist(), new_load["occurred_at"].to_pylist(), strict=True
        )
        if occurred is not None
    }


def test_a_users_change_rewrites_the_older_adoption_months_of_its_account(project_builds):
    """All users of one account moved to one department: departments active drops to 1 in months
    no new event touched, and the incremental build rewrote them as a full refresh has them."""
    with duckdb.connect(str(project_builds["inc"]), read_only=True) as con:
        incremental = _table_rows(con, *ADOPTION)
    with duckdb.connect(str(project_builds["full"]), read_only=True) as con:
        full = _table_rows(con, *ADOPTION)
    assert incremental == full
    first = set(project_builds["first"][ADOPTION[1]])
    touched = _months_the_new_load_touched(project_builds["table"])
    departments = {(row[0], row[1]): row[3] for row in full}  # account, month, known users, departments
    rewritten = [
        row
        for row in full
        if row not in first and row[0] == project_builds["merged_account"] and (row[0], row[1]) not in touched
    ]
    assert rewritten, (
        "the users change must rewrite a month no new event touched, or this test proves nothing"
    )
    assert {departments[(row[0], row[1])] for row in rewritten} <= {0, 1, None}


def test_a_billing_correction_rewrites_the_older_months_of_its_account(project_builds):
    """The doubled seat count changes licensed_seats in months no new event touched: the incremental
    build rewrote them (the account's entitlement digest changed) exactly as a full refresh has them."""
    assert project_builds["corrected_item"]
    with duckdb.connect(str(project_builds["inc"]), read_only=True) as con:
        incremental = _table_rows(con, *PLAN_USAGE)
    with duckdb.connect(str(project_builds["full"]), read_only=True) as con:
        full = _table_rows(con, *PLAN_USAGE)
        figures = _table_rows(con, *PLAN_USAGE, drop=("_built_at", "_entitlements_digest"))
    assert incremental == full
    first = project_builds["first"][PLAN_USAGE[1]]
    first_figures = {row[:-1] for row in first}  # the same columns less the digest (the last one)
    touched = _months_the_new_load_touched(project_builds["table"])
    rewritten = [row for row in figures if row not in first_figures and (row[0], row[1]) not in touched]
    assert rewritten, "the correction must change a month no new event touched, or this test proves nothing"


def test_incremental_build_kept_the_stored_events(project_builds):
    """Rows checked by the first build and untouched by the new load were not rewritten, and each
    re-synced event kept its latest copy, the stored original now a duplicate."""
    with duckdb.connect(str(project_builds["inc"]), read_only=True) as con:
        kept = con.execute(
            "select count(*) from main_intermediate.int_usage__events_checked where _checked_at = ?",
            [project_builds["first_checked_at"]],
        ).fetchone()[0]
        total = con.execute("select count(*) from main_intermediate.int_usage__events_checked").fetchone()[0]
        resynced = con.execute(
            """
            select event_id, quarantine_reason, _loaded_at = (select max(_loaded_at) from main_intermediate.int_usage__events_checked)
            from main_intermediate.int_usage__events_checked
            where event_id in (select event_id from main_intermediate.int_usage__events_checked group by 1 having count(*) > 1)
              and event_name = 'metered_usage'
            order by 1, 3
            """
        ).fetchall()
    assert 0 < kept < total
    by_event: dict[str, list] = {}
    for event_id, reason, is_latest in resynced:
        by_event.setdefault(event_id, []).append((reason, is_latest))
    latest_wins = [e for e, copies in by_event.items() if copies == [("duplicate", False), (None, True)]]
    assert len(latest_wins) >= 3


# --------------------------------------------------------------------------- preflight on load files


def _events_as_load_files(raw):
    """Move the one-file layout usage/events.parquet into the load-file directory usage/events/."""
    (raw / "usage" / "events").mkdir()
    (raw / "usage" / "events.parquet").rename(raw / "usage" / "events" / "events_2024-03.parquet")
    return raw


def test_preflight_reads_the_events_load_files(tmp_path):
    """check_sources accepts usage/events/*.parquet as the events table, and checks its columns."""
    from python_tests.warehouse import DBT, PROJECT_DIR, dbt_env

    complete = _events_as_load_files(_write(tmp_path / "complete", LOAD_1))
    incomplete = _events_as_load_files(
        write_raw(
            tmp_path / "incomplete",
            {**REFERENCE, ("usage", "events"): LOAD_1},
            drop={("usage", "events"): ["quantity"]},
        )
    )
    outputs = {}
    for name, raw in (("complete", complete), ("incomplete", incomplete)):
        proc = subprocess.run(
            [str(DBT), "run-operation", "check_sources", "--project-dir", str(PROJECT_DIR)],
            cwd=PROJECT_DIR,
            env=dbt_env(raw, tmp_path / f"{name}.duckdb"),
            capture_output=True,
            text=True,
        )
        outputs[name] = (proc.returncode, proc.stdout + proc.stderr)
    code, output = outputs["complete"]
    assert code == 0 and "usage.events" not in output, output[-3000:]
    code, output = outputs["incomplete"]
    lines = [line.strip() for line in output.splitlines()]
    assert code != 0 and lines.count("usage.events: missing column quantity (numeric)") == 1, output[-3000:]
    assert "1 problems" in output
