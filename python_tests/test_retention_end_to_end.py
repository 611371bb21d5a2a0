"""End to end: hand-built raw billing data -> dbt -> retention marts, compared with figures worked out by hand.

Five customers over 2024-01 .. 2025-03 (as-of 2025-03-31, the day every row was loaded). Built with
var board_include_open_month so the board marts also show the open month March 2025 (the default
rule, ending at the last closed month, is tested in test_foreign_data.py). MRR at each month-end,
constant-currency USD (EUR at its 2024-01-01 rate of 1.10; actual EUR rate 1.10 to June 2024, 1.20 after):

    month    P    S    R    U      P  enterprise/na, 12-month term from 2024-01-01:
    2024-01  200  55   100  -         20 seats x 10; +10 seats on 03-15 (seat); pro tier x 15 on 06-10 (tier);
    2024-02  200  55   100  -         free analytics add-on (100% discount) from 02-01, paid 50 from 09-01
    2024-03  300  55   100  40        (cross-sell); 10 pro seats x 15 from child account PC on 08-05 (seat
    2024-04  300  55   100  60        at the parent grain); price 15 -> 16.50 at the term end 2025-01-01.
    2024-05  300  55   100  0      S  smb/emea, EUR, monthly: 5 seats x 10 EUR = 55 USD; 3 seats from 10-20.
    2024-06  450  55   100  -      R  smb/na: annual plan 10 x 120/yr = 100/month, 6-month term ends 07-01
    2024-07  450  55   0    45        (churn in July); back on 10-01 with 8 x 10 (reactivation).
    2024-08  600  55   -    0      U  smb/apac, usage only: invoices for Mar 40 (paid), Apr 60 (paid),
    2024-09  650  55   -    -         May void, Jun uncollectible, Jul 45 (open).
    2024-10  650  33   80   -      Q  mid_market: a subscription from 02-03 to 02-20 never spans a month-end,
    2024-11..12  650  33  80           so Q never appears (neither new nor churn).
    2025-01..03  695  33  80
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import run_dbt

T = dt.datetime
D = dt.date
LOADED = T(2025, 3, 31, 12)  # every row loaded then: the as-of date is 2025-03-31
BUILD = [
    "build", "--resource-type", "seed", "--resource-type", "model", "--resource-type", "snapshot",
    "--vars", "{board_include_open_month: true}",
]  # fmt: skip


def _fx_rates() -> list[dict]:
    rows, day = [], D(2024, 1, 1)
    while day <= D(2025, 3, 31):
        rows.append(dict(rate_date=day, currency="USD", usd_per_unit=1.0))
        rows.append(dict(rate_date=day, currency="EUR", usd_per_unit=1.10 if day < D(2024, 7, 1) else 1.20))
        day += dt.timedelta(days=1)
    return rows


def _item(item_id, sub, customer, plan, quantity, price, start, end, currency="USD", discount=0.0):
    return dict(
        subscription_item_id=item_id, subscription_id=sub, customer_id=customer, plan_id=plan,
        quantity=float(quantity), unit_price=float(price), discount_pct=discount, currency=currency,
        valid_from=start, valid_to=end,
    )  # fmt: skip


def _plan(plan_id, product, tier, rank, interval, model, price, currency="USD"):
    return dict(
        plan_id=plan_id, product_id=product, plan_name=plan_id, tier=tier, tier_rank=rank,
        billing_interval_months=interval, pricing_model=model, list_unit_price=price, currency=currency,
    )  # fmt: skip


def _usage_invoice(n, month, amount, status):
    invoice = dict(invoice_id=f"inv_u{n}", customer_id="cU", status=status, currency="USD",
                   issued_at=T(2024, month + 1, 1), total_amount=amount)  # fmt: skip
    line = dict(invoice_line_id=f"line_u{n}", invoice_id=f"inv_u{n}", plan_id="api_usage", line_type="usage",
                quantity=amount * 100, unit_amount=0.01, discount_amount=0.0, amount=amount,
                service_period_start=T(2024, month, 1), service_period_end=T(2024, month + 1, 1))  # fmt: skip
    return invoice, line


def raw_tables(s_october_seats: int = 3) -> dict:
    usage = [_usage_invoice(n, m, a, s) for n, m, a, s in [
        (3, 3, 40.0, "paid"), (4, 4, 60.0, "paid"), (5, 5, 70.0, "void"), (6, 6, 30.0, "uncollectible"),
        (7, 7, 45.0, "open")]]  # fmt: skip
    return {
        ("crm", "accounts"): [
            dict(account_id="P", account_name="Parent Co", segment="enterprise", region="na"),
            dict(
                account_id="PC",
                account_name="Parent Co EU unit",
                parent_account_id="P",
                segment="smb",
                region="emea",
            ),
            dict(account_id="S", account_name="Euro Shop", segment="smb", region="emea"),
            dict(account_id="R", account_name="Return Ltd", segment="smb", region="na"),
            dict(account_id="Q", account_name="Quick Quit", segment="mid_market", region="na"),
            dict(account_id="U", account_name="Usage Inc", segment="smb", region="apac"),
        ],  # fmt: skip
        ("billing", "customers"): [
            dict(
                customer_id=f"c{a}",
                account_id=a,
                currency="EUR" if a == "S" else "USD",
                created_at=T(2024, 1, 1),
            )
            for a in ["P", "PC", "S", "R", "Q", "U"]
        ],
        ("billing", "products"): [
            dict(product_id="platform", product_name="Platform", product_line="platform", is_addon=False),
            dict(product_id="analytics", product_name="Analytics", product_line="analytics", is_addon=True),
            dict(product_id="api", product_name="API", product_line="api", is_addon=True),
        ],
        ("billing", "plans"): [
            _plan("std_m", "platform", "standard", 1, 1, "per_seat", 10.0),
            _plan("pro_m", "platform", "pro", 2, 1, "per_seat", 15.0),
            _plan("std_y", "platform", "standard", 1, 12, "per_seat", 120.0),
            _plan("std_m_eur", "platform", "standard", 1, 1, "per_seat", 10.0, "EUR"),
            _plan("analytics_m", "analytics", "addon", 1, 1, "flat", 50.0),
            _plan("api_usage", "api", "usage", 1, 1, "usage", 0.01),
        ],
        ("billing", "subscriptions"): [
            dict(subscription_id=s, customer_id=c, status=st, started_at=start, term_months=term)
            for s, c, st, start, term in [
                ("sP", "cP", "active", T(2024, 1, 1), 12),
                ("sPC", "cPC", "active", T(2024, 8, 5), 12),
                ("sS", "cS", "active", T(2024, 1, 1), 1),
                ("sR1", "cR", "canceled", T(2024, 1, 1), 6),
                ("sR2", "cR", "active", T(2024, 10, 1), 1),
                ("sQ", "cQ", "canceled", T(2024, 2, 3), 1),
                ("sU", "cU", "active", T(2024, 3, 1), 1),
            ]  # fmt: skip
        ],
        ("billing", "subscription_items"): [
            _item("iP1", "sP", "cP", "std_m", 20, 10, T(2024, 1, 1), T(2024, 3, 15)),
            _item("iP2", "sP", "cP", "std_m", 30, 10, T(2024, 3, 15), T(2024, 6, 10)),
            _item("iP3", "sP", "cP", "pro_m", 30, 15, T(2024, 6, 10), T(2025, 1, 1)),
            _item("iP4", "sP", "cP", "pro_m", 30, 16.5, T(2025, 1, 1), None),
            _item("iP5", "sP", "cP", "analytics_m", 1, 50, T(2024, 2, 1), T(2024, 9, 1), discount=1.0),
            _item("iP6", "sP", "cP", "analytics_m", 1, 50, T(2024, 9, 1), None),
            _item("iPC1", "sPC", "cPC", "pro_m", 10, 15, T(2024, 8, 5), None),
            _item("iS1", "sS", "cS", "std_m_eur", 5, 10, T(2024, 1, 1), T(2024, 10, 20), "EUR"),
            _item("iS2", "sS", "cS", "std_m_eur", s_october_seats, 10, T(2024, 10, 20), None, "EUR"),
            _item("iR1", "sR1", "cR", "std_y", 10, 120, T(2024, 1, 1), T(2024, 7, 1)),
            _item("iR2", "sR2", "cR", "std_m", 8, 10, T(2024, 10, 1), None),
            _item("iQ1", "sQ", "cQ", "std_m", 5, 10, T(2024, 2, 3), T(2024, 2, 20)),
            _item("iU1", "sU", "cU", "api_usage", 0, 0.01, T(2024, 3, 1), None),
        ],
        ("billing", "invoices"): [invoice for invoice, _ in usage],
        ("billing", "invoice_lines"): [line for _, line in usage],
        ("finance", "fx_rates"): _fx_rates(),
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    base = tmp_path_factory.mktemp("retention")
    raw, db = write_raw(base / "raw", raw_tables(), loaded_at=LOADED), base / "warehouse.duckdb"
    run_dbt(BUILD, raw, db)
    return base, raw, db


def _query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_mrr_by_grain_and_month(warehouse):
    _, _, db = warehouse
    got = {
        (g, str(m)): float(v)
        for g, m, v in _query(db, "select grain_id, revenue_month, mrr_usd from main_marts.fct_mrr")
    }
    expected = {}
    p = [200, 200, 300, 300, 300, 450, 450, 600, 650, 650, 650, 650, 695, 695, 695]
    s = [55] * 9 + [33] * 6
    months = [
        f"{y}-{m:02d}-01" for y, m in [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 4)]
    ]
    for month, p_mrr, s_mrr in zip(months, p, s, strict=True):
        expected[("P", month)] = p_mrr
        expected[("S", month)] = s_mrr
    for month, r_mrr in zip(months, [100] * 6 + [0] + [None, None] + [80] * 6, strict=True):
        if r_mrr is not None:
            expected[("R", month)] = r_mrr
    expected.update({("U", "2024-03-01"): 40, ("U", "2024-04-01"): 60, ("U", "2024-05-01"): 0,
                     ("U", "2024-07-01"): 45, ("U", "2024-08-01"): 0})  # fmt: skip
    assert got == pytest.approx(expected)


def test_actual_fx_mrr_and_product_lines(warehouse):
    _, _, db = warehouse
    s_actual = dict(
        _query(
            db,
            "select cast(revenue_month as varchar), mrr_usd_actual_fx from main_marts.fct_mrr where grain_id = 'S'",
        )
    )
    assert float(s_actual["2024-06-01"]) == pytest.approx(55.0)  # 50 EUR x 1.10
    assert float(s_actual["2024-07-01"]) == pytest.approx(60.0)  # 50 EUR x 1.20
    assert float(s_actual["2024-10-01"]) == pytest.approx(36.0)  # 30 EUR x 1.20
    lines = {line: float(v) for line, v in _query(db, "select product_line, mrr_usd from main_marts.fct_mrr_product_lines where grain_id = 'P' and revenue_month = '2025-01-01'")}  # fmt: skip
    assert lines == pytest.approx({"platform": 495 + 150, "analytics": 50})


def test_movements(warehouse):
    _, _, db = warehouse
    rows = _query(db, """
        select grain_id, cast(revenue_month as varchar), movement_type, movement_mrr_usd,
               expansion_seat_usd, expansion_tier_usd, expansion_cross_sell_usd, expansion_price_usd,
               expansion_usage_usd, contraction_seat_usd, renewal_timing
        from main_marts.fct_mrr_movements""")  # fmt: skip
    got = {(r[0], r[1]): (r[2], float(r[3]), *[float(x) for x in r[4:10]], r[10]) for r in rows}
    z = 0.0
    assert got == {
        ("P", "2024-01-01"): ("new", 200, z, z, z, z, z, z, None),
        ("P", "2024-03-01"): ("expansion", 100, 100, z, z, z, z, z, "in_year"),
        ("P", "2024-06-01"): ("expansion", 150, z, 150, z, z, z, z, "in_year"),
        ("P", "2024-08-01"): ("expansion", 150, 150, z, z, z, z, z, "in_year"),
        ("P", "2024-09-01"): ("expansion", 50, z, z, 50, z, z, z, "in_year"),
        ("P", "2025-01-01"): ("expansion", 45, z, z, z, 45, z, z, "at_renewal"),
        ("S", "2024-01-01"): ("new", 55, z, z, z, z, z, z, None),
        ("S", "2024-10-01"): ("contraction", 22, z, z, z, z, z, 22, "at_renewal"),
        ("R", "2024-01-01"): ("new", 100, z, z, z, z, z, z, None),
        ("R", "2024-07-01"): ("churn", 100, z, z, z, z, z, z, None),
        ("R", "2024-10-01"): ("reactivation", 80, z, z, z, z, z, z, None),
        ("U", "2024-03-01"): ("new", 40, z, z, z, z, z, z, None),
        ("U", "2024-04-01"): ("expansion", 20, z, z, z, z, 20, z, "in_year"),
        ("U", "2024-05-01"): ("churn", 60, z, z, z, z, z, z, None),
        ("U", "2024-07-01"): ("reactivation", 45, z, z, z, z, z, z, None),
        ("U", "2024-08-01"): ("churn", 45, z, z, z, z, z, z, None),
    }


def test_bridge_for_july_2024(warehouse):
    # start (June, actual) 450 + 55 + 100 + 0 = 605; churn R 100; reactivation U 45;
    # FX: S is 60 at the July rate vs 55 constant -> +5; end 450 + 60 + 0 + 45 = 555.
    _, _, db = warehouse
    row = _query(db, """
        select starting_mrr_usd, new_mrr_usd, expansion_mrr_usd, reactivation_mrr_usd, contraction_mrr_usd,
               churn_mrr_usd, fx_impact_usd, ending_mrr_usd
        from main_marts.rpt_arr_bridge where revenue_month = '2024-07-01' and segment = 'total'""")[0]  # fmt: skip
    assert [float(x) for x in row] == pytest.approx([605, 0, 0, 45, 0, 100, 5, 555])


def test_ttm_retention(warehouse):
    _, _, db = warehouse
    rows = _query(db, """
        select cast(retention_month as varchar), cut_type, cut_value, base_grains, retained_grains,
               base_mrr_usd, net_retained_mrr_usd, gross_retained_mrr_usd, nrr, grr, logo_retention
        from main_marts.rpt_retention_ttm where cut_type in ('total', 'segment')""")  # fmt: skip
    got = {(r[0], r[1], r[2]): tuple(float(x) for x in r[3:]) for r in rows}
    # 2025-01: base 2024-01 = P 200, S 55, R 100 (355); now 695 + 33 + 80 = 808; gross 200 + 33 + 80 = 313.
    assert got[("2025-01-01", "total", "total")] == pytest.approx(
        (3, 3, 355, 808, 313, 808 / 355, 313 / 355, 1.0)
    )
    # 2025-03: base 2024-03 adds U 40 (495); U is gone: net 808, gross 300 + 33 + 80 = 413, logo 3/4.
    assert got[("2025-03-01", "total", "total")] == pytest.approx(
        (4, 3, 495, 808, 413, 808 / 495, 413 / 495, 0.75)
    )
    assert got[("2025-03-01", "segment", "enterprise")] == pytest.approx(
        (1, 1, 300, 695, 300, 695 / 300, 1.0, 1.0)
    )
    assert got[("2025-03-01", "segment", "smb")] == pytest.approx(
        (3, 2, 195, 113, 113, 113 / 195, 113 / 195, 2 / 3)
    )
    assert {k[0] for k in got} == {"2025-01-01", "2025-02-01", "2025-03-01"}


def test_cohorts(warehouse):
    _, _, db = warehouse
    monthly = {
        (str(r[0]), r[1]): tuple(float(x) for x in r[2:])
        for r in _query(
            db,
            """select cohort_month, months_since_start, cohort_grains, active_grains,
                               starting_mrr_usd, mrr_usd, gross_mrr_usd, nrr, grr, logo_retention
                               from main_marts.fct_cohort_retention""",
        )  # fmt: skip
    }
    assert monthly[("2024-01-01", 0)] == pytest.approx((3, 3, 355, 355, 355, 1, 1, 1))
    assert monthly[("2024-01-01", 6)] == pytest.approx((3, 2, 355, 505, 255, 505 / 355, 255 / 355, 2 / 3))
    assert monthly[("2024-01-01", 14)] == pytest.approx((3, 3, 355, 808, 313, 808 / 355, 313 / 355, 1))
    assert monthly[("2024-03-01", 1)] == pytest.approx((1, 1, 40, 60, 40, 1.5, 1, 1))
    assert monthly[("2024-03-01", 2)] == pytest.approx((1, 0, 40, 0, 0, 0, 0, 0))
    assert monthly[("2024-03-01", 4)] == pytest.approx((1, 1, 40, 45, 40, 45 / 40, 1, 1))
    assert max(k for c, k in monthly if c == "2024-03-01") == 12
    quarterly = {
        (str(r[0]), r[1]): tuple(float(x) for x in r[2:])
        for r in _query(
            db,
            """select cohort_quarter, quarters_since_start, cohort_grains, active_grains,
                               starting_mrr_usd, mrr_usd, gross_mrr_usd
                               from main_marts.fct_cohort_retention_quarterly""",
        )  # fmt: skip
    }
    # Q1 2024 = P, S, R (Jan) + U (Mar), starting 355 + 40; q0 read in March 2024, q4 in March 2025.
    assert quarterly[("2024-01-01", 0)] == pytest.approx((4, 4, 395, 495, 395))
    assert quarterly[("2024-01-01", 4)] == pytest.approx((4, 3, 395, 808, 313))


def test_board_and_restatement(warehouse):
    base, _, db = warehouse
    board = {
        (str(r[0]), r[1]): r[2:]
        for r in _query(
            db,
            "select revenue_month, segment, arr_usd, ttm_nrr, is_month_closed from main_marts.rpt_board_retention",
        )
    }
    assert float(board[("2025-01-01", "total")][0]) == pytest.approx(
        12 * (695 + 36 + 80)
    )  # S at 30 EUR x 1.20
    assert board[("2025-01-01", "total")][1] == pytest.approx(808 / 355)
    assert board[("2025-02-01", "total")][2] is True  # data through 2025-03-31 covers 5 March
    assert board[("2025-03-01", "total")][2] is False
    assert _query(db, "select count(*) from main_marts.rpt_board_restatements") == [(0,)]

    # A correction to a closed month: S kept 4 seats from 2024-10-20, not 3. Rebuild on the same warehouse.
    corrected = write_raw(base / "raw_corrected", raw_tables(s_october_seats=4), loaded_at=LOADED)
    run_dbt(BUILD, corrected, db)
    restated = {
        (str(r[0]), r[1], r[2]): (r[3], r[4])
        for r in _query(
            db,
            """select revenue_month, segment, metric_name, first_reported_value, current_value
                               from main_marts.rpt_board_restatements""",
        )  # fmt: skip
    }
    # October 2024 smb ARR: first 12 x (36 + 80) = 1392, now 12 x (48 + 80) = 1536 (EUR at 1.20).
    assert restated[("2024-10-01", "smb", "arr_usd")] == pytest.approx((1392, 1536))
    assert restated[("2024-10-01", "total", "arr_usd")] == pytest.approx(
        (12 * (650 + 36 + 80), 12 * (650 + 48 + 80))
    )
    assert ("2025-03-01", "total", "arr_usd") not in restated  # open months are not snapshotted
