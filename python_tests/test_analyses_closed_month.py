"""Analyses are anchored on the latest closed month, worked out here from the warehouse's as-of date
and var month_close_day: analyses/churn_autopsy takes exactly the churns of the churn_autopsy_months
months ending there (not the open month, not a month after it), read from fct_mrr_movements."""

from __future__ import annotations

import subprocess

import duckdb
import pandas as pd
import yaml

from python_tests.warehouse import DBT, PROJECT_DIR, dbt_env, latest_closed_month


def test_churn_autopsy_ends_at_the_latest_closed_month(demo, tmp_path):
    raw, db = demo
    env = dbt_env(raw, db, ERW_TARGET="reader")
    proc = subprocess.run(
        [str(DBT), "compile", "-q", "-s", "churn_autopsy", "--target-path", str(tmp_path / "target")],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    sql = next((tmp_path / "target" / "compiled").rglob("churn_autopsy.sql")).read_text()
    months = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]["churn_autopsy_months"]
    last = pd.Timestamp(latest_closed_month(db))
    window = {(last - pd.DateOffset(months=k)).date() for k in range(months)}
    with duckdb.connect(str(db), read_only=True) as con:
        autopsy = con.execute(sql).df()
        churns = con.execute(
            "select grain_id, revenue_month from main_marts.fct_mrr_movements where movement_type = 'churn'"
        ).df()
    churns["revenue_month"] = pd.to_datetime(churns["revenue_month"]).dt.date
    expected = churns[churns["revenue_month"].isin(window)]
    got = set(zip(autopsy["grain_id"], pd.to_datetime(autopsy["churn_month"]).dt.date, strict=True))
    # (pytest's short warehouse may have no churn in the window; the demo has 36)
    assert got == set(zip(expected["grain_id"], expected["revenue_month"], strict=True))
