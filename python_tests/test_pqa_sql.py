"""int_account_pqa_points_accumulated + int_account_pqa_scores_daily + fct_pqa_scores_daily (SQL, issues 10 and 13) against erw.scoring.pqa_score (pandas, the
pytest-tested reference of test_scoring_pqa.py) on hand-built days: the model's compiled SQL runs in
an in-memory DuckDB (the running state, then the score over it) over the same signal rows and the real seeds; both must agree on every column
of every row, and a few figures are also worked out by hand here.

Points (seeds/scoring/pqa_points.csv): +2 per active user-day, -1 per inactive user-day (balance never
below 0), core activation +20 once, invite +15 each, usage limit +25 per calendar month, gate hit +10
per ISO week, integration +30 each, data import +20 once, admin settings +15 once; clip 0-100.
"""

from __future__ import annotations

import subprocess

import duckdb
import pandas as pd
import pytest

from erw.dbt_frames import read_csv_seed
from erw.scoring import pqa_score
from python_tests.scoring_fixtures import BANDS, PARAMS, PQA_POINTS
from python_tests.warehouse import DBT, PROJECT_DIR, dbt_env

SIGNALS = list(PQA_POINTS["signal_column"].unique())


def _days(account: str, start: str, days: list[dict]) -> pd.DataFrame:
    dates = pd.date_range(start, periods=len(days), freq="D")
    rows = [
        {"account_id": account, "score_date": d.date(), **dict.fromkeys(SIGNALS, 0), **day}
        for d, day in zip(dates, days, strict=True)
    ]
    return pd.DataFrame(rows)


def _hand_built() -> pd.DataFrame:
    decay = _days(  # +4, -2, -2, -2 (floored at 0), +1, +4
        "a_decay",
        "2025-03-03",
        [
            {"active_users": 2},
            {"inactive_users": 2},
            {"inactive_users": 2},
            {"inactive_users": 2},
            {"active_users": 1, "inactive_users": 1},
            {"active_users": 2},
        ],
    )
    # 2025-03-28 (Fri) .. 2025-04-08 (Tue): limit hits on 03-29 and 04-02 (month credit resets on
    # 04-01, back on 04-02); gate hit on Sun 03-30 (credit until Sun, reset Mon 03-31) and Thu 04-03
    credits = _days("b_resets", "2025-03-28", [{} for _ in range(12)])
    credits.loc[1, "usage_limit_hits"] = 2
    credits.loc[5, "usage_limit_hits"] = 1
    credits.loc[2, "feature_gate_hits"] = 1
    credits.loc[6, "feature_gate_hits"] = 3
    credits.loc[0, "core_features_activated"] = 1
    credits.loc[4, "core_features_activated"] = 1  # once: no second credit
    credits.loc[3, "users_invited"] = 2  # each: +30
    credits.loc[8, "users_invited"] = 1  # +15 more
    capped = _days(  # 3 integrations (+90), imports (+20), admin (+15): 125 uncapped, score 100
        "c_capped",
        "2025-02-27",
        [{"integrations_created": 3}, {"data_imports": 1, "admin_settings_changes": 4}, {}],
    )
    # one-off window (score_parameters pqa / one_off_window_days = 30): core activation on 01-01
    # counts 01-01..01-30, an invite on 01-06 counts 01-06..02-04; days 01-11..01-21 are missing
    # from the export, which must not stretch the window
    expiry = _days("d_expiry", "2025-01-01", [{} for _ in range(36)])
    expiry.loc[0, "core_features_activated"] = 1
    expiry.loc[5, "users_invited"] = 1
    expiry = expiry.drop(index=range(10, 21))
    return pd.concat([decay, credits, capped, expiry], ignore_index=True)


MODELS = ("int_account_pqa_points_accumulated", "int_account_pqa_scores_daily", "fct_pqa_scores_daily")


def _compiled_sql(tmp_path) -> list[str]:
    proc = subprocess.run(
        [
            str(DBT),
            "compile",
            "-q",
            "-s",
            *MODELS,
            "--target",
            "lint",
            "--target-path",
            str(tmp_path / "target"),
            "--project-dir",
            str(PROJECT_DIR),
        ],  # fmt: skip
        cwd=PROJECT_DIR,
        env=dbt_env(tmp_path / "raw", tmp_path / "unused.duckdb"),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    compiled = tmp_path / "target" / "compiled"
    return [next(compiled.rglob(f"{model}.sql")).read_text() for model in MODELS]


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[pd.DataFrame, pd.DataFrame]:
    tmp_path = tmp_path_factory.mktemp("pqa_sql")
    state_sql, points_sql, score_sql = _compiled_sql(tmp_path)
    daily = _hand_built()
    con = duckdb.connect()  # in-memory: the database is called "memory", as in the lint target
    con.execute("create schema main_intermediate")
    con.execute("create schema main_seeds")
    signals = daily.astype({column: "int32" for column in SIGNALS})
    con.register("signals_frame", signals)
    con.execute("create table main_intermediate.int_account_pqa_signals_daily as select * from signals_frame")
    for seed in ("pqa_points", "score_bands", "score_parameters"):
        con.register(f"{seed}_frame", read_csv_seed(seed))
        con.execute(f"create table main_seeds.{seed} as select * from {seed}_frame")
    con.execute(f"create table main_intermediate.int_account_pqa_points_accumulated as {state_sql}")
    con.execute(f"create view main_intermediate.int_account_pqa_scores_daily as {points_sql}")
    from_sql = con.execute(score_sql).df().sort_values(["account_id", "score_date"]).reset_index(drop=True)
    reference = pqa_score(daily, PQA_POINTS, BANDS, PARAMS)
    reference = reference.sort_values(["account_id", "score_date"]).reset_index(drop=True)
    return from_sql, reference


def test_sql_and_reference_agree_on_every_row(both):
    from_sql, reference = both
    assert len(from_sql) == len(reference) == 21 + 25
    assert list(from_sql["account_id"]) == list(reference["account_id"])
    assert [pd.Timestamp(d) for d in from_sql["score_date"]] == [
        pd.Timestamp(d) for d in reference["score_date"]
    ]
    for column in (
        "engagement_points",
        "one_time_points",
        "usage_limit_points",
        "feature_gate_points",
        "pqa_points_uncapped",
        "pqa_score",
    ):
        assert from_sql[column].astype(float).tolist() == reference[column].astype(float).tolist(), column
    assert from_sql["pqa_band"].tolist() == reference["pqa_band"].tolist()
    assert from_sql["pqa_band_rank"].astype(int).tolist() == reference["pqa_band_rank"].astype(int).tolist()


def test_sql_figures_worked_by_hand(both):
    from_sql, _ = both
    by_account = {account: rows.reset_index(drop=True) for account, rows in from_sql.groupby("account_id")}
    assert by_account["a_decay"]["engagement_points"].tolist() == [4.0, 2.0, 0.0, 0.0, 1.0, 5.0]
    resets = by_account["b_resets"]
    # limit: 03-28 0, 03-29..03-31 25, 04-01 0 (new month), 04-02.. 25
    assert resets["usage_limit_points"].tolist() == [0, 25, 25, 25, 0, 25, 25, 25, 25, 25, 25, 25]
    # gate: 03-30 (Sun) 10, 03-31 (Mon) 0, 04-01 0, 04-02 0, 04-03 (Thu) .. 04-06 (Sun) 10, 04-07 (Mon) 0
    assert resets["feature_gate_points"].tolist() == [0, 0, 10, 0, 0, 0, 10, 10, 10, 10, 0, 0]
    # core activation 20 once from day 0; invites 30 from day 3, 45 from day 8
    assert resets["one_time_points"].tolist() == [20, 20, 20, 50, 50, 50, 50, 50, 65, 65, 65, 65]
    expiry = by_account["d_expiry"].set_index(by_account["d_expiry"]["score_date"].astype(str).str[:10])
    # 01-01..01-05: 20 (activation); 01-06..01-30: 35 (+15 invite); 01-31..02-04: 15; 02-05: 0
    assert expiry.loc["2025-01-05", "one_time_points"] == 20
    assert expiry.loc["2025-01-06", "one_time_points"] == 35
    assert expiry.loc["2025-01-30", "one_time_points"] == 35
    assert expiry.loc["2025-01-31", "one_time_points"] == 15
    assert expiry.loc["2025-02-04", "one_time_points"] == 15
    assert expiry.loc["2025-02-05", "one_time_points"] == 0
    assert "2025-01-15" not in expiry.index
    capped = by_account["c_capped"]
    assert capped["pqa_points_uncapped"].tolist() == [90.0, 125.0, 125.0]
    assert capped["pqa_score"].tolist() == [90.0, 100.0, 100.0]
    assert capped["pqa_band"].tolist() == ["sales_ready", "sales_ready", "sales_ready"]
