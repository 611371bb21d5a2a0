"""Incremental usage rollups equal a full refresh, including late and out-of-order loads.

Hand-built events in two loads. Load 1 ends at the watermark 2024-03-10 12:00. Load 2 adds:
  e6  a late event (occurred 03-01, loaded 03-12)              -> account-month a1/2024-03 reprocessed
  e7  an out-of-order commit (loaded 03-09, before the watermark, but inside the 3-day lookback)
                                                               -> account-month a2/2024-02 reprocessed
  e8  a normal new event, e9 an event in a new month.
Expected figures below are counted by hand from this table.
"""

from __future__ import annotations

import datetime as dt

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
]
LOAD_2 = [
    _event("e6", "a1", "u2", "feature_used", T(2024, 3, 1, 23), T(2024, 3, 12), "f1"),
    _event("e7", "a2", "u3", "feature_used", T(2024, 2, 28, 15), T(2024, 3, 9), "f2"),
    _event("e8", "a1", "u1", "metered_usage", T(2024, 3, 11, 9), T(2024, 3, 11, 13), "f1", 25.0),
    _event("e9", "a2", "u3", "session_start", T(2024, 4, 1, 7), T(2024, 4, 1, 7, 5)),
]
REFERENCE = {
    ("crm", "accounts"): [
        dict(account_id="a1", account_name="Alpha", segment="smb", created_at=T(2023, 1, 1)),
        dict(account_id="a2", account_name="Beta", segment="mid_market", created_at=T(2023, 1, 1)),
    ],
    ("usage", "users"): [
        dict(user_id="u1", account_id="a1", email="ann.lee@alpha.io", created_at=T(2023, 1, 1)),
        dict(user_id="u2", account_id="a1", email="bo.kim@alpha.io", created_at=T(2023, 1, 1)),
        dict(user_id="u3", account_id="a2", email="cy.ng@beta.io", created_at=T(2023, 1, 1)),
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
    assert len(rows) == 6


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
    }
