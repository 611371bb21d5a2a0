"""Which data tests gate publishing, and the MRR-to-invoice reconciliation gate on a small book.

Book (USD, monthly per-seat plan at 100 a seat, every row loaded 2024-07-10, so January-June are
closed months):
    A  10 seats from 2024-01-01, 20 seats from 2024-03-01 (a change effective on the 1st); invoiced
       monthly in advance: 1,000 for January and February, 2,000 a month after; April invoiced 1,800
       (a 200 credit).
    B  5 seats from 2024-02-20: a proration line for 20-29 February (10 of 29 days), 500 * 10/29 = 172.41, then 500 a month.
Day-weighted contracted revenue = invoiced revenue in every month except April: contracted 2,500,
invoiced 2,300, a gap of 200 = 8% (over the 5% share, under the 1,000 USD floor: not a data error).
The old opening/closing average said March was 2,000 against 2,500 invoiced (20%) and failed the build.
With April's invoice missing the gap is 2,000 = 80%: the gate fails and names the month.
A fourth item names customer Z, whom the export does not have: it is held as orphan_key on
customer_id (it used to be dropped by an inner join further down, -300 MRR and no test failing).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import connect, run_dbt

T = dt.datetime
LOADED = T(2024, 7, 10)
GATE = "assert_contracted_mrr_reconciles_to_invoices"
# Z's held 300 MRR is 12% of this tiny book, past the held-ARR gate (held_arr_tolerance, 0.5%); here
# the gate under test is the reconciliation, so the held-ARR share may be 20%.
BUILD = [
    "build", "--select", f"+{GATE}", "--exclude", "resource_type:unit_test", "--indirect-selection", "cautious",
    "--vars", "{held_arr_tolerance: 0.2}",
]  # fmt: skip


def _invoice(n, customer, start, end, amount, line_type="recurring"):
    invoice = dict(invoice_id=f"inv{n}", customer_id=customer, status="paid", currency="USD",
                   issued_at=start, due_at=start, paid_at=start, total_amount=amount)  # fmt: skip
    line = dict(invoice_line_id=f"line{n}", invoice_id=f"inv{n}", subscription_id=f"s{customer}",
                subscription_item_id=f"i{customer}", plan_id="seat_m", line_type=line_type, quantity=1.0,
                unit_amount=amount, discount_amount=0.0, amount=amount,
                service_period_start=start, service_period_end=end)  # fmt: skip
    return invoice, line


def raw_tables(april_a: float | None) -> dict:
    months = [T(2024, m, 1) for m in range(1, 8)]
    billed = []
    for i, (start, end) in enumerate(zip(months, months[1:], strict=False)):
        a = 1000.0 if start.month < 3 else 2000.0
        if start.month == 4:
            a = april_a
        if a is not None:
            billed.append(_invoice(f"A{i}", "A", start, end, a))
        if start.month >= 3:
            billed.append(_invoice(f"B{i}", "B", start, end, 500.0))
    billed.append(_invoice("Bp", "B", T(2024, 2, 20), T(2024, 3, 1), round(500 * 10 / 29, 2), "proration"))
    return {
        ("crm", "accounts"): [
            dict(account_id=a, account_name=f"{a} Ltd", segment="smb", region="na", created_at=T(2023, 12, 1))
            for a in "AB"
        ],
        ("billing", "customers"): [
            dict(customer_id=a, account_id=a, currency="USD", created_at=T(2023, 12, 1)) for a in "AB"
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
                list_unit_price=100.0,
                currency="USD",
            )
        ],  # fmt: skip
        ("billing", "subscriptions"): [
            dict(
                subscription_id=f"s{a}",
                customer_id=a,
                status="active",
                started_at=start,
                term_months=12,
                current_term_start=start,
                current_term_end=start.replace(year=2025),
                auto_renew=True,
            )
            for a, start in (("A", T(2024, 1, 1)), ("B", T(2024, 2, 20)))
        ],  # fmt: skip
        ("billing", "subscription_items"): [
            dict(
                subscription_item_id=item,
                subscription_id=sub,
                customer_id=customer,
                plan_id="seat_m",
                quantity=qty,
                unit_price=100.0,
                discount_pct=0.0,
                currency="USD",
                valid_from=start,
                valid_to=end,
                change_reason=reason,
            )
            for item, sub, customer, qty, start, end, reason in (
                ("iA", "sA", "A", 10.0, T(2024, 1, 1), T(2024, 3, 1), "new"),
                ("iA2", "sA", "A", 20.0, T(2024, 3, 1), None, "seat_increase"),
                ("iB", "sB", "B", 5.0, T(2024, 2, 20), None, "new"),
                # a customer the billing export does not have: held, never dropped by a join later
                ("iZ", "sB", "Z", 3.0, T(2024, 2, 20), None, "new"),
            )
        ],  # fmt: skip
        ("billing", "invoices"): [invoice for invoice, _ in billed],
        ("billing", "invoice_lines"): [line for _, line in billed],
    }


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    base = tmp_path_factory.mktemp("gates")
    raw = write_raw(base / "raw", raw_tables(april_a=1800.0), loaded_at=LOADED)
    db = base / "warehouse.duckdb"
    run_dbt(BUILD, raw, db)  # raises with dbt's output if the gate (or any upstream test) fails
    return base, raw, db


def test_day_weighted_contracted_revenue_matches_the_invoices(small_book):
    _, _, db = small_book
    with connect(db) as con:
        rows = con.execute(
            """
            select month(c.revenue_month), round(c.contracted_revenue_usd, 2), round(r.recognised_recurring_usd, 2)
            from main_intermediate.int_contracted_revenue_months_recognised as c
            left join main_intermediate.int_recurring_revenue_months_recognised as r using (revenue_month)
            where c.revenue_month < date '2024-07-01'
            order by 1
            """
        ).fetchall()
    b_feb = round(500 * 10 / 29, 2)
    assert [(m, float(c), float(r)) for m, c, r in rows] == [
        (1, 1000.0, 1000.0),
        (2, 1000.0 + b_feb, 1000.0 + b_feb),
        (3, 2500.0, 2500.0),  # the change on 1 March counts in full in March
        (4, 2500.0, 2300.0),  # 200 credit: 8%, under the 1,000 USD floor
        (5, 2500.0, 2500.0),
        (6, 2500.0, 2500.0),
    ]


def test_an_item_of_an_unknown_customer_is_held_not_dropped(small_book):
    _, _, db = small_book
    with connect(db) as con:
        held = con.execute(
            "select subscription_item_id, quarantine_reason, quarantine_column"
            " from main_intermediate.int_billing__subscription_items_checked where quarantine_reason is not null"
        ).fetchall()
        clean = con.execute(
            "select count(*) from main_intermediate.int_billing__subscription_items_cleaned"
        ).fetchone()[0]
        mrr = con.execute(
            "select sum(mrr_usd) from main_intermediate.int_subscription_item_months_valued"
            " where revenue_month = date '2024-06-01'"
        ).fetchone()[0]
    assert held == [("iZ", "orphan_key", "customer_id")]
    assert clean == 3  # 4 raw rows = 3 clean + 1 held
    assert float(mrr) == 2500.0  # A 20 seats + B 5 seats at 100; Z's 300 is held, not counted


def test_a_missing_invoice_fails_the_gate_and_names_the_month(small_book, tmp_path):
    base, _, db = small_book
    raw = write_raw(tmp_path / "raw", raw_tables(april_a=None), loaded_at=LOADED)
    with pytest.raises(AssertionError) as failed:
        run_dbt(BUILD, raw, db, DBT_TARGET_PATH=str(tmp_path / "target"))
    assert f"Failure in test {GATE}" in str(failed.value)
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"].split(".")[2]: r["status"] for r in results["results"]}
    assert statuses[GATE] == "fail"
    assert [s for name, s in statuses.items() if s in ("fail", "error") and name != GATE] == []
    with connect(db) as con:
        recognised = con.execute(
            "select round(recognised_recurring_usd, 2) from main_intermediate.int_recurring_revenue_months_recognised"
            " where revenue_month = date '2024-04-01'"
        ).fetchone()
    assert float(recognised[0]) == 500.0  # only B was invoiced for April: 2,000 (80%) short


def test_business_findings_warn_and_never_gate(small_book):
    """SLAs, benchmarks, calibration and small-book plausibility checks are warnings (README "Publish
    gates and warnings"); a gate must be about the data being wrong."""
    base, raw, db = small_book
    out = run_dbt(
        ["ls", "--resource-type", "test", "--output", "json", "--output-keys", "name", "config"],
        raw, db, DBT_TARGET_PATH=str(base / "ls_target"),
    )  # fmt: skip
    tests = {}
    for line in out.splitlines():
        if line.startswith("{"):
            node = json.loads(line)
            tests[node["name"]] = node["config"]["severity"].lower()
    warnings = {
        name
        for name in tests
        if name.startswith("sla_")
        or name
        in {
            "assert_segment_nrr_meets_target",
            "assert_segment_grr_above_floor",
            "assert_trigger_fire_rates_in_band",
            "assert_board_latest_arr_has_no_cliff",
        }
    }
    assert len([n for n in warnings if n.startswith("sla_")]) >= 5
    assert {name: tests[name] for name in warnings} == {name: "warn" for name in warnings}
    for gate in (GATE, "assert_quarantine_rate_within_tolerance", "assert_held_arr_within_tolerance"):
        assert tests[gate] == "error"
