"""End to end on raw data the generator did not make, as other systems export it (issue 8).

No vars are set (except where a test says so): the reporting date comes from the data. Every figure
below is worked out by hand from the rows written here.

The billing export (`_export`): two USD customers on a 10 USD/seat monthly plan, in the exporting
system's own words (change_reason `quantity_change` / `new_subscription`, subscription status `live`):

    A  smb/na:          10 seats from 2024-01-01, 15 seats from 2024-07-01 ('quantity_change')
    B  enterprise/emea: 20 seats from 2024-01-01, 16 seats from 2024-10-01 ('quantity_change')

Every row was loaded on 2025-02-10 12:00, so the as-of date is 2025-02-10: January 2025 is the last
closed month (the data covers 5 February), February 2025 is open. MRR (USD):

    month            A    B    total
    2024-01..06     100  200   300
    2024-07..09     150  200   350
    2024-10..2025-02 150  160   310

TTM at 2025-01 (base 2024-01: A 100 + B 200 = 300): net 150 + 160 = 310, NRR 310/300;
gross min(150, 100) + min(160, 200) = 260, GRR 260/300; logo 2/2. Before issue 8 the two
`quantity_change` items were quarantined (`invalid_value`): A and B then read 0 from 2024-07 / 2024-10
and the TTM NRR came out 0.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import duckdb
import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import DBT, PROJECT_DIR, dbt_env, run_dbt
from scripts.reference_retention import compare_with_warehouse

T = dt.datetime
LOADED = T(2025, 2, 10, 12)
MODELS = ["build", "--resource-type", "seed", "--resource-type", "model", "--resource-type", "snapshot"]

A_MRR = {**{f"2024-{m:02d}-01": 100 for m in range(1, 7)}, **{f"2024-{m:02d}-01": 150 for m in range(7, 13)},
         "2025-01-01": 150, "2025-02-01": 150}  # fmt: skip
B_MRR = {**{f"2024-{m:02d}-01": 200 for m in range(1, 10)}, **{f"2024-{m:02d}-01": 160 for m in range(10, 13)},
         "2025-01-01": 160, "2025-02-01": 160}  # fmt: skip


def _item(item_id, sub, customer, plan, quantity, start, end, reason, price=10.0):
    return dict(
        subscription_item_id=item_id, subscription_id=sub, customer_id=customer, plan_id=plan,
        quantity=quantity, unit_price=price, currency="EUR" if plan.endswith("eur") else "USD",
        valid_from=start, valid_to=end, change_reason=reason,
    )  # fmt: skip


def _export(fx_rows: list[dict]) -> dict:
    return {
        ("crm", "accounts"): [
            dict(account_id="A", account_name="Alpha", segment="smb", region="na"),
            dict(account_id="B", account_name="Beta", segment="enterprise", region="emea"),
        ],
        ("billing", "customers"): [
            dict(customer_id=f"c{a}", account_id=a, currency="USD", created_at=T(2024, 1, 1)) for a in "AB"
        ],
        ("billing", "products"): [
            dict(product_id="platform", product_name="Platform", product_line="platform", is_addon=False)
        ],
        ("billing", "plans"): [
            dict(
                plan_id="seat_m",
                product_id="platform",
                plan_name="Seat",
                tier="standard",
                tier_rank=1,
                billing_interval_months=1,
                pricing_model="per_seat",
                list_unit_price=10.0,
                currency="USD",
            ),
        ],  # fmt: skip
        ("billing", "subscriptions"): [
            dict(
                subscription_id=f"s{a}",
                customer_id=f"c{a}",
                status="live",
                started_at=T(2024, 1, 1),
                term_months=1,
            )
            for a in "AB"
        ],
        ("billing", "subscription_items"): [
            _item("iA1", "sA", "cA", "seat_m", 10.0, T(2024, 1, 1), T(2024, 7, 1), "new"),
            _item("iA2", "sA", "cA", "seat_m", 15.0, T(2024, 7, 1), None, "quantity_change"),
            _item("iB1", "sB", "cB", "seat_m", 20.0, T(2024, 1, 1), T(2024, 10, 1), "new_subscription"),
            _item("iB2", "sB", "cB", "seat_m", 16.0, T(2024, 10, 1), None, "quantity_change"),
        ],
        ("finance", "fx_rates"): fx_rows,
    }


def _query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def _mrr(db, grain):
    rows = _query(
        db,
        f"select cast(revenue_month as varchar), mrr_usd from main_marts.fct_mrr where grain_id = '{grain}'",
    )
    return {m: float(v) for m, v in rows}


def _assert_reference_agrees(raw, db, capsys):
    capsys.readouterr()
    assert compare_with_warehouse(raw, db) == 0, capsys.readouterr().out


# ------------------------------------------------------------------ 1. own vocabulary, one-row FX feed
@pytest.fixture(scope="module")
def vocabulary_build(tmp_path_factory):
    """Parquet; the FX feed is a single row (USD on 2017-01-01), as one real feed was."""
    base = tmp_path_factory.mktemp("vocabulary")
    fx = [dict(rate_date=dt.date(2017, 1, 1), currency="USD", usd_per_unit=1.0)]
    raw = write_raw(base / "raw", _export(fx), loaded_at=LOADED)
    db = base / "warehouse.duckdb"
    run_dbt(MODELS, raw, db)
    return base, raw, db


def test_export_in_its_own_words_keeps_its_revenue(vocabulary_build, capsys):
    _, raw, db = vocabulary_build
    assert _mrr(db, "A") == pytest.approx(A_MRR)
    assert _mrr(db, "B") == pytest.approx(B_MRR)
    ttm = _query(db, """
        select cast(retention_month as varchar), base_mrr_usd, net_retained_mrr_usd, gross_retained_mrr_usd,
               nrr, grr, logo_retention
        from main_marts.rpt_retention_ttm where cut_type = 'total'""")  # fmt: skip
    assert [(r[0], *map(float, r[1:])) for r in ttm] == [
        pytest.approx(("2025-01-01", 300, 310, 260, 310 / 300, 260 / 300, 1.0))
    ]
    # the words are kept beside their mapping, counted, and nothing was held back
    items = _query(db, """
        select subscription_item_id, change_reason, change_reason_original
        from main_intermediate.int_billing__subscription_items_cleaned order by 1""")  # fmt: skip
    assert items == [("iA1", "new", "new"), ("iA2", "other", "quantity_change"),
                     ("iB1", "other", "new_subscription"), ("iB2", "other", "quantity_change")]  # fmt: skip
    unknown = _query(db, """
        select source_table, column_name, original_value, row_count, clean_row_count
        from main_marts.rpt_unknown_values_summary order by 1, 2, 3""")  # fmt: skip
    assert unknown == [
        ("subscription_items", "change_reason", "new_subscription", 1, 1),
        ("subscription_items", "change_reason", "quantity_change", 2, 2),
        ("subscriptions", "status", "live", 2, 2),
    ]
    assert _query(db, "select count(*) from main_marts.fct_quarantined_rows") == [(0,)]
    _assert_reference_agrees(raw, db, capsys)


def test_one_row_fx_feed_does_not_decide_the_reporting_date(vocabulary_build):
    # The feed's only date is 2017-01-01; the reporting date is the billing load, 2025-02-10.
    _, _, db = vocabulary_build
    assert _query(
        db, "select cast(as_of_date as varchar) from main_intermediate.int_as_of_date_resolved"
    ) == [("2025-02-10",)]
    months = _query(
        db,
        "select count(distinct revenue_month), cast(max(revenue_month) as varchar) from main_marts.fct_mrr",
    )
    assert months == [(14, "2025-02-01")]  # 2024-01 .. 2025-02


def test_open_month_is_not_on_the_board(vocabulary_build):
    base, raw, db = vocabulary_build
    flags = dict(
        _query(
            db,
            "select cast(revenue_month as varchar), bool_and(is_month_closed) from main_marts.fct_mrr group by 1",
        )
    )
    assert flags["2025-01-01"] is True and flags["2025-02-01"] is False  # data covers 5 Feb, not 5 Mar
    for mart, column in [("rpt_board_retention", "revenue_month"), ("rpt_arr_bridge", "revenue_month"),
                         ("rpt_retention_ttm", "retention_month")]:  # fmt: skip
        assert _query(db, f"select cast(max({column}) as varchar) from main_marts.{mart}") == [
            ("2025-01-01",)
        ], mart
    board = _query(db, """
        select cast(revenue_month as varchar), arr_usd, quarantined_arr_usd, is_month_closed
        from main_marts.rpt_board_retention where segment = 'total' order by 1 desc limit 2""")  # fmt: skip
    # latest board month January 2025: 12 x 310 = 3720, the same as December (no cliff); nothing held
    assert [(m, float(a), float(q), c) for m, a, q, c in board] == [
        ("2025-01-01", 3720, 0, True),
        ("2024-12-01", 3720, 0, True),
    ]
    # With var board_include_open_month the open month is shown, flagged (on a copy of the warehouse).
    copy = base / "with_open_month.duckdb"
    shutil.copy(db, copy)
    run_dbt(["run", "-s", "rpt_arr_bridge", "rpt_retention_ttm", "rpt_board_retention",
             "--vars", "{board_include_open_month: true}"], raw, copy)  # fmt: skip
    latest = _query(copy, """
        select cast(revenue_month as varchar), arr_usd, is_month_closed
        from main_marts.rpt_board_retention where segment = 'total' order by 1 desc limit 1""")  # fmt: skip
    assert [(m, float(a), c) for m, a, c in latest] == [("2025-02-01", 3720, False)]


# ------------------------------------------------------------------ 2. USD only, no FX rows, CSV, a bad value
@pytest.fixture(scope="module")
def csv_build(tmp_path_factory):
    """CSV, an empty FX table, no gtm_costs file (optional), and one item whose quantity reads 'ten'."""
    base = tmp_path_factory.mktemp("csv")
    tables = _export(fx_rows=[])
    tables[("billing", "subscription_items")].append(
        _item("iX", "sB", "cB", "seat_m", "ten", T(2024, 3, 1), None, "seat_increase")
    )
    raw = write_raw(base / "raw", tables, loaded_at=LOADED, fmt="csv", skip_tables={("finance", "gtm_costs")})
    db = base / "warehouse.duckdb"
    run_dbt(MODELS, raw, db, ERW_RAW_FORMAT="csv")
    return base, raw, db


def test_usd_only_company_builds_without_fx_rows(csv_build, capsys):
    _, raw, db = csv_build
    assert _query(db, "select count(*) from main_intermediate.int_finance__fx_rates_cleaned") == [(0,)]
    assert _mrr(db, "A") == pytest.approx(A_MRR)
    assert _mrr(db, "B") == pytest.approx(B_MRR)
    actual = _query(
        db, "select sum(mrr_usd_actual_fx) from main_marts.fct_mrr where revenue_month = '2024-08-01'"
    )
    assert float(actual[0][0]) == pytest.approx(350)  # USD at 1.0: 150 + 200
    _assert_reference_agrees(raw, db, capsys)


def test_malformed_csv_value_holds_its_row_and_nothing_else(csv_build):
    _, _, db = csv_build
    held = _query(
        db,
        """
        select source_table, record_key, quarantine_reason, quarantine_column from main_marts.fct_quarantined_rows""",
    )
    assert held == [("subscription_items", "iX", "invalid_type", "quantity")]
    summary = _query(db, """
        select quarantined_rows, held_arr_usd from main_marts.rpt_quarantine_summary
        where source_table = 'subscription_items' and quarantine_reason = 'invalid_type'""")  # fmt: skip
    assert [(n, float(v)) for n, v in summary] == [
        (1, 0.0)
    ]  # a quantity that does not parse cannot be valued
    # every other figure is the one worked out without the row
    ttm = _query(db, "select nrr, grr from main_marts.rpt_retention_ttm where cut_type = 'total'")
    assert [tuple(map(float, r)) for r in ttm] == [pytest.approx((310 / 300, 260 / 300))]
    assert _query(db, "select count(*) from main_intermediate.int_finance__gtm_costs_cleaned") == [(0,)]


# ------------------------------------------------------------------ 3. sparse FX
@pytest.fixture(scope="module")
def sparse_fx_build(tmp_path_factory):
    """A EUR customer E (smb/emea) and an FX feed with three EUR rates a quarter apart.

    E: 10 seats x 10 EUR from 2024-02-01 (item iE1) and 5 seats x 10 EUR from 2024-05-01 (iE2).
    EUR rates: 1.10 on 2024-03-31, 1.20 on 2024-06-30, 1.05 on 2024-09-30. iE1 is first valued on the
    February snapshot day (2024-02-29), before EUR has any rate: held as missing_fx_rate. iE2 is first
    valued on 2024-05-31 and converts at the latest rate on or before each snapshot day.
    Constant rate: EUR on the feed's earliest date (2024-03-31) = 1.10, so iE2 is 50 x 1.10 = 55 USD
    every month; actual: May 55 (1.10), Jun-Aug 60 (1.20), Sep-Feb 52.5 (1.05). iE1 holds back
    100 EUR x 1.10 = 110 USD MRR = 1320 ARR in every month from Feb 2024.
    """
    base = tmp_path_factory.mktemp("sparse_fx")
    fx = [dict(rate_date=d, currency="EUR", usd_per_unit=r)
          for d, r in [(dt.date(2024, 3, 31), 1.10), (dt.date(2024, 6, 30), 1.20), (dt.date(2024, 9, 30), 1.05)]]  # fmt: skip
    tables = _export(fx)
    tables[("crm", "accounts")].append(
        dict(account_id="E", account_name="Euro", segment="smb", region="emea")
    )
    tables[("billing", "customers")].append(
        dict(customer_id="cE", account_id="E", currency="EUR", created_at=T(2024, 1, 1))
    )
    tables[("billing", "plans")].append(
        dict(plan_id="seat_m_eur", product_id="platform", plan_name="Seat EUR", tier="standard", tier_rank=1,
             billing_interval_months=1, pricing_model="per_seat", list_unit_price=10.0, currency="EUR")
    )  # fmt: skip
    tables[("billing", "subscriptions")].append(
        dict(subscription_id="sE", customer_id="cE", status="active", started_at=T(2024, 2, 1), term_months=1)
    )
    tables[("billing", "subscription_items")] += [
        _item("iE1", "sE", "cE", "seat_m_eur", 10.0, T(2024, 2, 1), None, "new"),
        _item("iE2", "sE", "cE", "seat_m_eur", 5.0, T(2024, 5, 1), None, "cross_sell"),
    ]
    raw = write_raw(base / "raw", tables, loaded_at=LOADED)
    db = base / "warehouse.duckdb"
    run_dbt(MODELS, raw, db)
    return base, raw, db


def test_sparse_rates_apply_as_of_and_early_rows_are_held(sparse_fx_build, capsys):
    _, raw, db = sparse_fx_build
    rows = _query(db, """
        select cast(revenue_month as varchar), mrr_usd, mrr_usd_actual_fx from main_marts.fct_mrr
        where grain_id = 'E' order by 1""")  # fmt: skip
    actual = {"2024-05-01": 55, "2024-06-01": 60, "2024-07-01": 60, "2024-08-01": 60}
    expected = [(f"{y}-{m:02d}-01", 55.0, float(actual.get(f"{y}-{m:02d}-01", 52.5)))
                for y, m in [(2024, m) for m in range(5, 13)] + [(2025, 1), (2025, 2)]]  # fmt: skip
    assert [m for m, _, _ in rows] == [m for m, _, _ in expected]
    assert [(float(a), float(b)) for _, a, b in rows] == [pytest.approx(e[1:]) for e in expected]
    assert _query(
        db, "select record_key, quarantine_reason, quarantine_column from main_marts.fct_quarantined_rows"
    ) == [("iE1", "missing_fx_rate", "currency")]
    summary = _query(db, """
        select held_mrr_usd, held_arr_usd from main_marts.rpt_quarantine_summary
        where source_table = 'subscription_items' and quarantine_reason = 'missing_fx_rate'""")  # fmt: skip
    assert [tuple(map(float, r)) for r in summary] == [pytest.approx((110, 1320))]
    held = dict(_query(db, """
        select cast(revenue_month as varchar), quarantined_arr_usd from main_marts.rpt_board_retention
        where segment = 'total'"""))  # fmt: skip
    assert float(held["2024-01-01"]) == 0 and float(held["2024-03-01"]) == pytest.approx(1320)
    _assert_reference_agrees(raw, db, capsys)


# ------------------------------------------------------------------ 4. missing column / table
def test_missing_contract_column_and_table_stop_the_run_before_any_model(tmp_path):
    raw = write_raw(
        tmp_path / "raw",
        _export([]),
        loaded_at=LOADED,
        drop={("billing", "subscription_items"): ["discount_pct"]},
        skip_tables={("crm", "contact_history"), ("finance", "gtm_costs")},  # gtm_costs is optional
    )
    db = tmp_path / "warehouse.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    expected = [
        "billing.subscription_items: missing column discount_pct (numeric)",
        "crm.contact_history: missing table",
    ]
    for args in (["build"], ["run-operation", "check_sources"]):
        proc = subprocess.run(
            [str(DBT), *args, "--project-dir", str(PROJECT_DIR)],
            cwd=PROJECT_DIR,
            env=dbt_env(raw, db),
            capture_output=True,
            text=True,
        )
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, output
        lines = [line.strip() for line in output.splitlines()]
        for line in expected:
            assert lines.count(line) == 1, f"{line!r} not on a line of its own:\n{output[-3000:]}"
        assert "2 problems" in output
        assert "gtm_costs" not in output
        assert " START " not in output and "OK created" not in output, "a model ran"


def test_preflight_in_tables_mode(tmp_path):
    """The same check when the raw data are warehouse tables (ERW_SOURCE_MODE=tables)."""
    raw = write_raw(tmp_path / "raw", _export([]), loaded_at=LOADED)
    db = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db)) as con:
        for path in sorted(raw.glob("*/*.parquet")):
            system, table = path.parent.name, path.stem
            if (system, table) == ("crm", "contact_history"):
                continue
            con.execute(f"create schema if not exists raw_{system}")
            con.execute(f"create table raw_{system}.{table} as select * from read_parquet('{path}')")
        con.execute("alter table raw_billing.subscription_items drop column discount_pct")
    proc = subprocess.run(
        [str(DBT), "run-operation", "check_sources", "--project-dir", str(PROJECT_DIR)],
        cwd=PROJECT_DIR,
        env=dbt_env(raw, db, ERW_SOURCE_MODE="tables"),
        capture_output=True,
        text=True,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    lines = [line.strip() for line in output.splitlines()]
    assert lines.count("billing.subscription_items: missing column discount_pct (numeric)") == 1, output[
        -3000:
    ]
    assert lines.count("crm.contact_history: missing table") == 1, output[-3000:]
    assert "2 problems" in output
