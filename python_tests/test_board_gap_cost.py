"""The NRR gap's cost on the board and the board snapshot.

- rpt_board_retention.nrr_gap_revenue_3y_usd (cumulative revenue over 36 months, both paths
  compounding monthly at the annual rate) against a closed-form geometric series written here,
  checked on a hand-worked example; the dbt macro itself on the same example; the run-rate
  nrr_gap_cost_3y_usd recomputed as ARR x (target^3 - NRR^3).
- snap_board_retention taken before the column existed: a snapshot after it does not version every
  closed row (no restatement), while a changed figure still does.
"""

from __future__ import annotations

import shutil
import subprocess

import duckdb
import pytest

from python_tests.warehouse import DBT, PROJECT_DIR, dbt_env, run_dbt

# ARR 1.2M (MRR 100k) at a flat NRR of 1.00 against a target of 1.01^12 (1% a month): month k is
# 100k x (1.01^k - 1) short. 1.01^36 = 1.4307688; sum_k=1..36 1.01^k = 1.01 x 0.4307688 / 0.01 =
# 43.5076471; less 36 months at 1.00 = 7.5076471 -> 750,764.71 of revenue over three years, while the
# run-rate gap after three years is 1.2M x (1.4307688 - 1) = 516,922.54 of ARR.
HAND_ARR, HAND_NRR, HAND_TARGET = 1_200_000, 1.0, 1.01**12
HAND_REVENUE_GAP, HAND_RUN_RATE_GAP = 750_764.71, 516_922.54


def revenue_gap(arr: float, nrr: float, target: float, months: int = 36) -> float:
    """Closed form: ARR / 12 x (S(target) - S(NRR)), S(rate) = sum_k=1..months r^k = r (r^n - 1) / (r - 1)
    with r = rate^(1/12) the monthly factor (n when r = 1). Zero at or above target."""
    if not nrr < target:
        return 0.0

    def total(rate: float) -> float:
        r = rate ** (1 / 12)
        return float(months) if r == 1 else r * (r**months - 1) / (r - 1)

    return arr / 12 * (total(target) - total(nrr))


def test_revenue_gap_by_hand():
    assert revenue_gap(HAND_ARR, HAND_NRR, HAND_TARGET) == pytest.approx(HAND_REVENUE_GAP, abs=0.01)
    run_rate = HAND_ARR * (HAND_TARGET**3 - HAND_NRR**3)
    assert run_rate == pytest.approx(HAND_RUN_RATE_GAP, abs=0.01)
    assert revenue_gap(HAND_ARR, 1.10, 1.05) == 0.0


def test_gap_macros_give_the_hand_example(tmp_path):
    sql = (
        "select {{ nrr_gap_revenue_usd('1200000', '1.0', 'power(1.01, 12)', 36) }} as revenue_gap, "
        "{{ nrr_gap_run_rate_usd('1200000', '1.0', 'power(1.01, 12)', 3) }} as run_rate_gap, "
        "{{ nrr_gap_revenue_usd('1200000', '1.1', '1.05', 36) }} as above_target"
    )
    proc = subprocess.run(
        [
            str(DBT),
            "compile",
            "-q",
            "--target",
            "lint",
            "--target-path",
            str(tmp_path / "target"),
            "--inline",
            sql,
        ],
        cwd=PROJECT_DIR,
        env=dbt_env(tmp_path / "raw", tmp_path / "unused.duckdb"),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    revenue, run_rate, above = duckdb.connect().execute(proc.stdout).fetchone()
    assert float(revenue) == pytest.approx(HAND_REVENUE_GAP, abs=0.01)
    assert float(run_rate) == pytest.approx(HAND_RUN_RATE_GAP, abs=0.01)
    assert float(above) == 0


def test_board_gap_costs_equal_the_formulas(demo):
    with duckdb.connect(str(demo[1]), read_only=True) as con:
        board = con.execute(
            "select board_row_id, arr_usd, ttm_nrr, nrr_target, nrr_gap_cost_3y_usd, nrr_gap_revenue_3y_usd "
            "from main_marts.rpt_board_retention where ttm_nrr is not null"
        ).df()
    board = board.astype({c: float for c in board.columns if c != "board_row_id"})
    short = board[board["ttm_nrr"] < board["nrr_target"]]
    assert len(short) > 0, "no board row short of its NRR target: nothing to check"
    expected_revenue = [revenue_gap(r.arr_usd, r.ttm_nrr, r.nrr_target) for r in board.itertuples()]
    expected_run_rate = [
        r.arr_usd * (r.nrr_target**3 - r.ttm_nrr**3) if r.ttm_nrr < r.nrr_target else 0.0
        for r in board.itertuples()
    ]
    assert board["nrr_gap_revenue_3y_usd"].tolist() == pytest.approx(expected_revenue, rel=1e-9, abs=1e-4)
    assert board["nrr_gap_cost_3y_usd"].tolist() == pytest.approx(expected_run_rate, rel=1e-9, abs=1e-4)
    assert (short["nrr_gap_revenue_3y_usd"] > 0).all()


def test_snapshot_taken_before_a_new_column_is_not_restated(demo, tmp_path):
    raw, source = demo
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(source, db)
    with duckdb.connect(str(db)) as con:
        (snapshot_schema,) = con.execute(
            "select table_schema from information_schema.tables where table_name = 'snap_board_retention'"
        ).fetchone()
        snap = f"{snapshot_schema}.snap_board_retention"
        # the snapshot as an earlier build left it: no nrr_gap_revenue_3y_usd yet
        con.execute(f"alter table {snap} drop column nrr_gap_revenue_3y_usd")
        rows_before, keys = con.execute(
            f"select count(*), count(distinct board_row_id) from {snap}"
        ).fetchone()
        assert rows_before == keys
        # and one real restatement: the first closed month's total ARR moves by one dollar
        row_id, arr = con.execute(
            "select board_row_id, arr_usd from main_marts.rpt_board_retention "
            "where is_month_closed and is_total order by revenue_month limit 1"
        ).fetchone()
        con.execute(
            "update main_marts.rpt_board_retention set arr_usd = arr_usd + 1 where board_row_id = ?", [row_id]
        )
    target = ["--target-path", str(tmp_path / "target")]
    run_dbt(["snapshot", "-s", "snap_board_retention", *target], raw, db)
    run_dbt(
        ["run", "-s", "rpt_board_restatements", "--vars", "{reuse_unchanged_models: false}", *target], raw, db
    )
    with duckdb.connect(str(db), read_only=True) as con:
        versions = con.execute(
            f"select board_row_id, count(*) from {snap} group by 1 having count(*) > 1"
        ).fetchall()
        restated = con.execute(
            "select board_row_id, metric_name, first_reported_value, current_value from main_marts.rpt_board_restatements"
        ).fetchall()
    assert versions == [(row_id, 2)], "only the changed row gets a new version"
    assert restated == [(row_id, "arr_usd", pytest.approx(float(arr)), pytest.approx(float(arr) + 1))]
