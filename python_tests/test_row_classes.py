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
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import run_dbt

T = dt.datetime
LOADED = T(2025, 2, 10, 12)


def _build(base, tables, selectors, fmt="parquet", **env):
    raw = write_raw(base / "raw", tables, loaded_at=LOADED, fmt=fmt)
    db = base / "warehouse.duckdb"
    args = ["build", "--resource-type", "seed", "--resource-type", "model"]
    for selector in selectors:
        args += ["--select", selector]
    run_dbt(args, raw, db, **env, **({"ERW_RAW_FORMAT": "csv"} if fmt == "csv" else {}))
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


# ------------------------------------------------------------------ finding 12: timestamps with offsets
# (issued_at as written, the UTC instant it names, worked out by hand)
ISSUED = {
    "v1": ("2024-03-01T10:00:00+02:00", T(2024, 3, 1, 8)),
    "v2": ("2024-03-01T10:00:00Z", T(2024, 3, 1, 10)),
    "v3": ("2024-03-01 10:00:00-0500", T(2024, 3, 1, 15)),
    "v4": ("2024-03-01 10:00:00", T(2024, 3, 1, 10)),  # no offset: UTC already, as written
    "v5": ("2024-03-01 23:30:00 -02:00", T(2024, 3, 2, 1, 30)),  # the next day in UTC
    "v6": ("2024-03-01T10:00:00.5+05:30", T(2024, 3, 1, 4, 30, 0, 500000)),
    "v7": ("2024-03-01T10:00:00+02", T(2024, 3, 1, 8)),
    "v8": ("2024-03-01t10:00:00z", T(2024, 3, 1, 10)),  # RFC 3339 allows lowercase t and z
    "v9": ("2024-13-01T10:00:00+02:00", None),  # month 13: does not parse
}


def _invoice(invoice_id, issued_at, loaded_at):
    return dict(invoice_id=invoice_id, customer_id="cA", status="paid", currency="USD", issued_at=issued_at,
                total_amount=100.0, _loaded_at=loaded_at)  # fmt: skip


def _checked_invoices(db):
    return dict(
        _query(db, "select invoice_id, issued_at from main_intermediate.int_billing__invoices_checked")
    )


@pytest.mark.parametrize("tz", ["UTC", "America/New_York"])
def test_csv_timestamps_with_offsets_are_converted_to_utc(tmp_path, tz):
    """CSV (every value text), built with the machine's time zone UTC and New York: same result."""
    tables = _billing(["A"])
    tables[("crm", "accounts")] = [dict(account_id="A", account_name="A", segment="smb")]
    # _loaded_at 14:00+02:00 is 12:00 UTC; written without the offset it would be 14:00
    tables[("billing", "invoices")] = [
        _invoice(v, text, "2025-02-10T14:00:00+02:00") for v, (text, _) in ISSUED.items()
    ]
    db = _build(tmp_path, tables, ["+int_billing__invoices_checked"], fmt="csv", TZ=tz)
    assert _checked_invoices(db) == {v: utc for v, (_, utc) in ISSUED.items()}
    loaded = _query(db, "select distinct _loaded_at from main_intermediate.int_billing__invoices_checked")
    assert loaded == [(T(2025, 2, 10, 12),)]
    held = dict(
        _query(
            db, "select invoice_id, quarantine_reason from main_intermediate.int_billing__invoices_checked"
        )
    )
    assert held["v9"] == "invalid_type" and held["v1"] is None and held["v5"] is None


def test_time_zone_aware_parquet_column_is_read_in_utc(tmp_path):
    """A Parquet file written with tz-aware timestamps, built on a machine in New York."""
    tables = _billing(["A"])
    tables[("crm", "accounts")] = [dict(account_id="A", account_name="A", segment="smb")]
    raw = write_raw(tmp_path / "raw", tables, loaded_at=LOADED)
    plus_two = dt.timezone(dt.timedelta(hours=2))
    invoices = pa.table(
        {
            "invoice_id": ["z1"],
            "customer_id": ["cA"],
            "status": ["paid"],
            "currency": ["USD"],
            "issued_at": pa.array(
                [T(2024, 3, 1, 10, tzinfo=plus_two)], pa.timestamp("us", tz="Europe/Berlin")
            ),
            "due_at": pa.array([None], pa.timestamp("us")),
            "paid_at": pa.array([None], pa.timestamp("us")),
            "total_amount": [100.0],
            "_loaded_at": pa.array([LOADED.replace(tzinfo=dt.UTC)], pa.timestamp("us", tz="UTC")),
        }
    )
    pq.write_table(invoices, raw / "billing" / "invoices.parquet")
    db = tmp_path / "warehouse.duckdb"
    run_dbt(["build", "--resource-type", "seed", "--resource-type", "model", "--select",
             "+int_billing__invoices_checked"], raw, db, TZ="America/New_York")  # fmt: skip
    # 10:00 at +02:00 is 08:00 UTC; the load 12:00 UTC stays 12:00
    assert _query(
        db, "select invoice_id, issued_at, _loaded_at from main_intermediate.int_billing__invoices_checked"
    ) == [("z1", T(2024, 3, 1, 8), LOADED)]


# ------------------------------------------------------------------ finding 10: exact-key ties
# Two copies of a key loaded at the same instant with different content. The copy whose columns sort
# first (declared order, ascending, nulls last) wins, whatever the order of the rows in the file:
#   invoice v1:      status 'paid' < 'void'                  -> the paid copy wins
#   item iA:         quantity 10 < 12 (ids, customer, plan equal) -> 10 seats x 10 USD = 100 USD MRR
#   event e1:        quantity 3 < 7 (account, user, names, feature equal) -> quantity 3 counts
TIES = {
    ("billing", "invoices"): [
        _invoice("v1", T(2024, 3, 1), LOADED) | dict(status="paid", paid_at=T(2024, 3, 5)),
        _invoice("v1", T(2024, 3, 1), LOADED) | dict(status="void"),
    ],
    ("billing", "subscription_items"): [
        dict(
            subscription_item_id="iA",
            subscription_id="sA",
            customer_id="cA",
            plan_id="seat_m",
            quantity=q,
            unit_price=10.0,
            currency="USD",
            valid_from=T(2024, 1, 1),
            change_reason="new",
        )
        for q in (10.0, 12.0)
    ],  # fmt: skip
    ("usage", "events"): [
        dict(event_id="e1", account_id="A", event_name="metered_usage", quantity=q, occurred_at=T(2024, 3, 1))
        for q in (3.0, 7.0)
    ],
}


@pytest.fixture(scope="module")
def tie_builds(tmp_path_factory):
    """The same rows built twice: in the order above, and with every table's rows reversed."""
    dbs = []
    for order in ("as_written", "reversed"):
        base = tmp_path_factory.mktemp(f"ties_{order}")
        tables = _billing(["A"])
        tables[("crm", "accounts")] = [dict(account_id="A", account_name="A", segment="smb")]
        for key, rows in TIES.items():
            tables[key] = rows if order == "as_written" else rows[::-1]
        dbs.append(
            _build(base, tables, ["+int_billing__invoices_checked", "+fct_mrr", "+int_usage__events_checked"])
        )
    return dbs


def _ties(db):
    return {
        "invoices": _query(db, """
            select status, paid_at, quarantine_reason from main_intermediate.int_billing__invoices_checked
            order by 3 nulls first"""),
        "items": _query(db, """
            select quantity, quarantine_reason from main_intermediate.int_billing__subscription_items_checked
            order by 2 nulls first"""),
        "mrr": _query(db, "select sum(mrr_usd) from main_marts.fct_mrr where revenue_month = '2024-06-01'"),
        "events": _query(db, """
            select quantity, quarantine_reason from main_intermediate.int_usage__events_checked
            order by 2 nulls first"""),
    }  # fmt: skip


def test_exact_key_ties_are_resolved_by_content_not_file_order(tie_builds):
    as_written, reversed_ = (_ties(db) for db in tie_builds)
    expected = {
        "invoices": [("paid", T(2024, 3, 5), None), ("void", None, "duplicate")],
        "items": [(10, None), (12, "duplicate")],
        "mrr": [(100,)],
        "events": [(3.0, None), (7.0, "duplicate")],
    }
    assert as_written == expected
    assert reversed_ == expected
