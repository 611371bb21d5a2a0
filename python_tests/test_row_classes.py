"""Row classes of issue 25 on small hand-written raw sets: each gets one defined outcome.

Every expected value is worked out by hand from the rows written here. Builds select only the
models a test reads (plus their parents), no var set.

- Words (finding 4): picklist labels are normalised (case, trim, runs of spaces / hyphens /
  underscores -> `_`) before matching, and seed `vocabulary_map` maps a user's own words.
- Timestamps with offsets (finding 12): converted to UTC; values without an offset stay as written.
- Exact-key ties (finding 10): two copies of a key with the same `_loaded_at` but different content
  are resolved by content (the copy whose row text sorts first wins), never by file order.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import run_dbt

T = dt.datetime
LOADED = T(2025, 2, 10, 12)


def _build(base, tables, selectors, fmt="parquet"):
    raw = write_raw(base / "raw", tables, loaded_at=LOADED, fmt=fmt)
    db = base / "warehouse.duckdb"
    args = ["build", "--resource-type", "seed", "--resource-type", "model"]
    for selector in selectors:
        args += ["--select", selector]
    run_dbt(args, raw, db, **({"ERW_RAW_FORMAT": "csv"} if fmt == "csv" else {}))
    return db


def _query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def _billing(accounts: list[str]) -> dict:
    """One USD customer per account on a 10 USD/seat monthly plan, 10 seats from 2024-01-01."""
    return {
        ("billing", "customers"): [
            dict(customer_id=f"c{a}", account_id=a, currency="USD", created_at=T(2024, 1, 1))
            for a in accounts
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
            )
        ],  # fmt: skip
        ("billing", "subscriptions"): [
            dict(
                subscription_id=f"s{a}",
                customer_id=f"c{a}",
                status="active",
                started_at=T(2024, 1, 1),
                term_months=1,
            )
            for a in accounts
        ],  # fmt: skip
        ("billing", "subscription_items"): [
            dict(
                subscription_item_id=f"i{a}",
                subscription_id=f"s{a}",
                customer_id=f"c{a}",
                plan_id="seat_m",
                quantity=10.0,
                unit_price=10.0,
                currency="USD",
                valid_from=T(2024, 1, 1),
                change_reason="new",
            )
            for a in accounts
        ],  # fmt: skip
    }


# ------------------------------------------------------------------ finding 4: words
SEGMENTS = {  # account -> (segment as the CRM writes it, segment the project reads)
    "A": ("SMB", "smb"),
    "B": ("Mid-Market", "mid_market"),
    "C": ("Enterprise", "enterprise"),
    "D": (" mid market ", "mid_market"),
    "E": ("MID__MARKET", "mid_market"),
    "F": ("Small Business", "smb"),  # not a contract word: shipped seed row small_business -> smb
    "G": ("Mid Mkt", "other"),  # nobody mapped it: kept as other, with the seed row that would
}


@pytest.fixture(scope="module")
def words_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("words")
    tables = _billing(list(SEGMENTS))
    tables[("crm", "accounts")] = [
        dict(account_id=a, account_name=a, segment=label, region="na") for a, (label, _) in SEGMENTS.items()
    ]
    # money words: the same normalisation, so a label is never held as an unknown word
    tables[("billing", "invoices")] = [
        dict(invoice_id="v1", customer_id="cA", status="PAID", currency="USD", issued_at=T(2024, 1, 1),
             total_amount=100.0),
        dict(invoice_id="v2", customer_id="cB", status=" Void ", currency="USD", issued_at=T(2024, 1, 1),
             total_amount=100.0),
    ]  # fmt: skip
    tables[("billing", "invoice_lines")] = [
        dict(invoice_line_id="l1", invoice_id="v1", line_type="Recurring", quantity=10.0, unit_amount=10.0,
             amount=100.0, service_period_start=T(2024, 1, 1), service_period_end=T(2024, 2, 1)),
        dict(invoice_line_id="l2", invoice_id="v2", line_type="One-Time", quantity=1.0, unit_amount=100.0,
             amount=100.0),
    ]  # fmt: skip
    return _build(
        base,
        tables,
        [
            "+dim_accounts",
            "+rpt_unknown_values_summary",
            "+fct_quarantined_rows",
            "+int_billing__invoice_lines_cleaned",
        ],
    )


def test_picklist_labels_are_normalised_and_mapped_by_the_seed(words_build):
    db = words_build
    segments = dict(_query(db, "select account_id, segment from main_marts.dim_accounts"))
    assert segments == {a: expected for a, (_, expected) in SEGMENTS.items()}
    staged = _query(
        db, "select segment_original from main_intermediate.int_crm__accounts_cleaned where account_id = 'D'"
    )
    assert staged == [(" mid market ",)]  # the word as written is kept beside it


def test_money_words_are_normalised_too(words_build):
    db = words_build
    assert _query(
        db, "select invoice_id, status from main_intermediate.int_billing__invoices_cleaned order by 1"
    ) == [
        ("v1", "paid"),
        ("v2", "void"),
    ]
    assert _query(
        db,
        "select invoice_line_id, line_type from main_intermediate.int_billing__invoice_lines_cleaned order by 1",
    ) == [("l1", "recurring"), ("l2", "one_time")]
    assert _query(db, "select count(*) from main_marts.fct_quarantined_rows") == [(0,)]


def test_unknown_word_report_names_the_seed_row_that_would_map_it(words_build):
    db = words_build
    rows = _query(
        db,
        """
        select source_system, source_table, column_name, original_value, normalised_value, mapped_value,
               row_count, suggested_vocabulary_map_row
        from main_marts.rpt_unknown_values_summary
        """,
    )
    assert rows == [
        ("crm", "accounts", "segment", "Mid Mkt", "mid_mkt", "other", 1,
         "crm,accounts,segment,mid_mkt,<smb|mid_market|enterprise>"),
    ]  # fmt: skip
