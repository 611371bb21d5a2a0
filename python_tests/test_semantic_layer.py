"""The MetricFlow semantic layer gives the board's figures.

`mf query` (read-only `reader` target) over the grain-level facts must equal rpt_retention_ttm's
total, segment and ACV-band rows to 1e-6 on every month the mart has, and the saved query
board_retention_by_segment must equal the mart's segment rows (TTM ratios) and rpt_board_retention's
ARR. The two sides share nothing but the grain-level rows: the mart groups by the attributes stored
on fct_retention_ttm_grains, MetricFlow joins each TTM row to its base grain-month in fct_mrr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from python_tests.warehouse import PROJECT_DIR, closed_month_of, latest_closed_month

MF = Path(sys.executable).with_name("mf")
DBT = Path(sys.executable).with_name("dbt")
TOLERANCE = 1e-6


def reader_env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ERW_DUCKDB_PATH=str(db),
        ERW_TARGET="reader",
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        PYTHONPATH=str(PROJECT_DIR),
    )
    return env


def ensure_manifest_for(db: Path) -> None:
    """mf reads target/semantic_manifest.json, whose relations name the warehouse file they were
    parsed against (DuckDB's catalog is the file's stem). Other tests build small warehouses of their
    own into the same target/, so parse again when the manifest points elsewhere."""
    manifest = PROJECT_DIR / "target" / "semantic_manifest.json"
    if manifest.exists():
        databases = {
            model["node_relation"].get("database")
            for model in json.loads(manifest.read_text())["semantic_models"]
        }
        if databases == {db.stem}:
            return
    proc = subprocess.run(
        [str(DBT), "parse", "--quiet"], cwd=PROJECT_DIR, env=reader_env(db), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def mf_query(db: Path, out: Path, *args: str) -> pd.DataFrame:
    env = reader_env(db)
    proc = subprocess.run(
        [str(MF), "query", *args, "--csv", str(out)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and out.exists(), f"mf query {' '.join(args)} failed:\n{proc.stdout[-3000:]}"
    frame = pd.read_csv(out)
    frame["metric_time__month"] = pd.to_datetime(frame["metric_time__month"]).dt.date
    return frame


def mart_rows(db: Path, cut_type: str) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select retention_month, cut_value, nrr, grr, logo_retention "
            "from main_marts.rpt_retention_ttm where cut_type = ?",
            [cut_type],
        ).df()


def assert_match(mart: pd.DataFrame, metrics: pd.DataFrame, keys_mart: list, keys_mf: list, pairs: dict):
    mart = mart.copy()
    mart["retention_month"] = pd.to_datetime(mart["retention_month"]).dt.date
    merged = mart.merge(metrics, left_on=keys_mart, right_on=keys_mf, how="left", indicator=True)
    missing = merged[merged["_merge"] != "both"]
    assert missing.empty, f"rows of rpt_retention_ttm with no metric row:\n{missing[keys_mart].head()}"
    for mart_col, mf_col in pairs.items():
        diff = (merged[mart_col] - merged[mf_col]).abs()
        bad = merged[~(diff <= TOLERANCE)]
        assert bad.empty, (
            f"{mf_col} differs from rpt_retention_ttm.{mart_col}:\n{bad[[*keys_mart, mart_col, mf_col]].head()}"
        )


@pytest.fixture(scope="module")
def warehouse(demo):
    ensure_manifest_for(demo[1])
    return demo[1]


def test_ttm_metrics_by_month_equal_the_total_rows(warehouse, tmp_path):
    metrics = mf_query(
        warehouse,
        tmp_path / "total.csv",
        "--metrics",
        "ttm_nrr,ttm_grr,ttm_logo_retention",
        "--group-by",
        "metric_time__month",
    )
    mart = mart_rows(warehouse, "total")
    assert len(mart) >= 1, "the demo must cover more than 12 months"
    assert_match(
        mart,
        metrics,
        ["retention_month"],
        ["metric_time__month"],
        {"nrr": "ttm_nrr", "grr": "ttm_grr", "logo_retention": "ttm_logo_retention"},
    )


def test_board_saved_query_equals_the_segment_rows_and_board_arr(warehouse, tmp_path):
    metrics = mf_query(warehouse, tmp_path / "board.csv", "--saved-query", "board_retention_by_segment")
    assert {"grain_month__segment", "ttm_nrr", "ttm_grr", "ttm_logo_retention", "arr"} <= set(metrics.columns)
    assert_match(
        mart_rows(warehouse, "segment"),
        metrics,
        ["retention_month", "cut_value"],
        ["metric_time__month", "grain_month__segment"],
        {"nrr": "ttm_nrr", "grr": "ttm_grr", "logo_retention": "ttm_logo_retention"},
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        board = con.execute(
            "select revenue_month, segment, arr_usd from main_marts.rpt_board_retention where not is_total"
        ).df()
    board["revenue_month"] = pd.to_datetime(board["revenue_month"]).dt.date
    merged = board.merge(
        metrics,
        left_on=["revenue_month", "segment"],
        right_on=["metric_time__month", "grain_month__segment"],
        how="left",
    )
    diff = (merged["arr_usd"].astype(float) - merged["arr"]).abs()
    assert (diff <= 1e-4).all(), merged.loc[
        ~(diff <= 1e-4), ["revenue_month", "segment", "arr_usd", "arr"]
    ].head()


def test_ttm_metrics_by_acv_band_equal_the_acv_band_rows(warehouse, tmp_path):
    metrics = mf_query(
        warehouse,
        tmp_path / "acv.csv",
        "--metrics",
        "ttm_nrr,ttm_grr",
        "--group-by",
        "metric_time__month,grain_month__acv_band",
    )
    assert_match(
        mart_rows(warehouse, "acv_band"),
        metrics,
        ["retention_month", "cut_value"],
        ["metric_time__month", "grain_month__acv_band"],
        {"nrr": "ttm_nrr", "grr": "ttm_grr"},
    )


def test_closed_month_rule_by_hand():
    # The demo's data runs to 2026-07-01 with month_close_day 5: June closes on 5 July, so it is still
    # open and May (closed on 5 June) is the latest closed month; from 5 July on, June is.
    assert closed_month_of(date(2026, 7, 1), 5) == date(2026, 5, 1)
    assert closed_month_of(date(2026, 6, 30), 5) == date(2026, 5, 1)
    assert closed_month_of(date(2026, 7, 4), 5) == date(2026, 5, 1)
    assert closed_month_of(date(2026, 7, 5), 5) == date(2026, 6, 1)
    assert closed_month_of(date(2026, 1, 1), 1) == date(2025, 12, 1)


def test_arr_never_returns_an_open_month(warehouse, tmp_path):
    """`arr` ends at the last closed month (no open month, no month after the as-of month) and each
    month equals 12 x the actual-FX MRR summed straight from fct_mrr."""
    metrics = mf_query(
        warehouse, tmp_path / "arr.csv", "--metrics", "arr", "--group-by", "metric_time__month"
    )
    closed = latest_closed_month(warehouse)
    assert max(metrics["metric_time__month"]) == closed
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = con.execute(
            "select revenue_month, 12 * sum(mrr_usd_actual_fx) as arr from main_marts.fct_mrr "
            "where revenue_month <= ? group by revenue_month",
            [closed],
        ).df()
    expected["revenue_month"] = pd.to_datetime(expected["revenue_month"]).dt.date
    merged = expected.merge(metrics, left_on="revenue_month", right_on="metric_time__month", how="outer")
    assert merged["arr_x"].notna().all() and merged["arr_y"].notna().all(), merged[merged.isna().any(axis=1)]
    assert ((merged["arr_x"].astype(float) - merged["arr_y"]).abs() <= 1e-4).all()


@pytest.mark.parametrize(
    ("saved_query", "order"),
    [
        ("board_retention_by_segment", ["metric_time__month", "grain_month__segment"]),
        ("arr_bridge_monthly", ["metric_time__month"]),
    ],
)
def test_board_saved_queries_are_closed_months_in_order(warehouse, tmp_path, saved_query, order):
    rows = mf_query(warehouse, tmp_path / f"{saved_query}.csv", "--saved-query", saved_query)
    closed = latest_closed_month(warehouse)
    assert max(rows["metric_time__month"]) == closed, "the saved query must stop at the last closed month"
    keys = list(rows[order].itertuples(index=False, name=None))
    assert keys == sorted(keys), f"{saved_query} rows are not ordered by {order}"
    assert len(set(keys)) == len(keys)


def test_one_segment_dimension_is_the_board_segment():
    """Of the segment dimensions a BI user sees, exactly one is labelled for board figures
    (grain_month__segment), and every other one is described as not the board's and points to it."""
    spec = {}
    for path in (PROJECT_DIR / "models" / "marts" / "semantic").glob("*semantic_models.yml"):
        for model in yaml.safe_load(path.read_text())["semantic_models"]:
            primary = next(e["name"] for e in model["entities"] if e["type"] == "primary")
            for dim in model.get("dimensions", []):
                if "segment" in dim["name"]:
                    spec[f"{primary}__{dim['name']}"] = dim
    assert {"grain_month__segment", "account__current_segment", "csql__segment"} <= set(spec)
    board = [
        n
        for n, d in spec.items()
        if "board" in d.get("label", "").lower() and "not" not in d["label"].lower()
    ]
    assert board == ["grain_month__segment"], board
    for name, dim in spec.items():
        assert dim.get("description") and dim.get("label"), f"{name} has no label or description"
        if name != "grain_month__segment":
            assert "grain_month__segment" in dim["description"], f"{name} does not point to the board segment"
