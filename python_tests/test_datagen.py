"""Tests of the demo raw-data generator (erw.datagen) on small data sets.

The expectations here restate the source contract and business rules independently of
the generator's code: foreign keys, business timestamps and defect checks are written
out below rather than imported from the generator.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SMALL

from erw.datagen import generate, schema
from erw.datagen.__main__ import main as cli_main

# child table, column, parent table, parent column
FOREIGN_KEYS = [
    ("customers", "account_id", "accounts", "account_id"),
    ("plans", "product_id", "products", "product_id"),
    ("subscriptions", "customer_id", "customers", "customer_id"),
    ("subscription_items", "subscription_id", "subscriptions", "subscription_id"),
    ("subscription_items", "customer_id", "customers", "customer_id"),
    ("subscription_items", "plan_id", "plans", "plan_id"),
    ("invoices", "customer_id", "customers", "customer_id"),
    ("invoice_lines", "invoice_id", "invoices", "invoice_id"),
    ("invoice_lines", "subscription_id", "subscriptions", "subscription_id"),
    ("invoice_lines", "subscription_item_id", "subscription_items", "subscription_item_id"),
    ("invoice_lines", "plan_id", "plans", "plan_id"),
    ("users", "account_id", "accounts", "account_id"),
    ("users", "invited_by_user_id", "users", "user_id"),
    ("events", "account_id", "accounts", "account_id"),
    ("events", "user_id", "users", "user_id"),
    ("events", "feature_key", "features", "feature_key"),
    ("accounts", "parent_account_id", "accounts", "account_id"),
    ("account_snapshots", "account_id", "accounts", "account_id"),
    ("contacts", "account_id", "accounts", "account_id"),
    ("contact_history", "contact_id", "contacts", "contact_id"),
    ("opportunities", "account_id", "accounts", "account_id"),
    ("opportunities", "csql_id", "csqls", "csql_id"),
    ("csqls", "account_id", "accounts", "account_id"),
    ("csql_stage_history", "csql_id", "csqls", "csql_id"),
    ("nps_responses", "account_id", "accounts", "account_id"),
    ("nps_responses", "contact_id", "contacts", "contact_id"),
    ("support_tickets", "account_id", "accounts", "account_id"),
    ("activities", "account_id", "accounts", "account_id"),
    ("activities", "contact_id", "contacts", "contact_id"),
    ("success_milestones", "account_id", "accounts", "account_id"),
]

# Timestamps describing when something happened (so they can never be after the load).
# Term ends, due dates, target dates, valid_to and service periods may lie in the future.
BUSINESS_TIMESTAMPS = {
    "customers": ["created_at"],
    "subscriptions": ["started_at", "current_term_start", "canceled_at"],
    "subscription_items": ["valid_from"],
    "invoices": ["issued_at", "paid_at"],
    "users": ["created_at", "deactivated_at"],
    "events": ["occurred_at"],
    "accounts": ["created_at", "onboarded_at"],
    "account_snapshots": ["snapshot_date", "last_funding_at"],
    "contacts": ["created_at", "left_company_at"],
    "contact_history": ["changed_at"],
    "opportunities": ["created_at", "closed_at"],
    "csqls": ["signal_at", "created_at"],
    "csql_stage_history": ["entered_at"],
    "nps_responses": ["responded_at"],
    "support_tickets": ["created_at", "resolved_at"],
    "activities": ["occurred_at"],
    "success_milestones": ["achieved_at"],
}
QUANTITY_TABLES = ["subscription_items", "invoice_lines", "events"]
CURRENCY_TABLES = ["customers", "plans", "subscription_items", "invoices", "opportunities"]
PERIOD_LINE_TYPES = "('recurring', 'usage', 'proration')"


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.parquet"))
    }


def _key(table: str) -> list[str]:
    for tables in schema.TABLES.values():
        if table in tables:
            return tables[table]["key"]
    raise KeyError(table)


# ---------------------------------------------------------------------------- determinism and contract


def test_same_arguments_give_identical_bytes_and_seed_changes_them(tmp_path, clean_dir):
    again = tmp_path / "again"
    generate(out=again, dirty_rate=0.0, **SMALL)
    first, second = _digests(clean_dir[0]), _digests(again)
    assert first == second
    other = tmp_path / "other_seed"
    generate(out=other, dirty_rate=0.0, **{**SMALL, "seed": SMALL["seed"] + 1})
    changed = _digests(other)
    assert changed["usage/events.parquet"] != first["usage/events.parquet"]
    assert changed["billing/subscription_items.parquet"] != first["billing/subscription_items.parquet"]


def test_cli_writes_summary(tmp_path, capsys):
    assert cli_main(["--accounts", "12", "--months", "6", "--out", str(tmp_path), "--dirty-rate", "0"]) == 0
    printed = capsys.readouterr().out
    assert "usage.events" in printed and "generated in" in printed


def test_every_table_matches_the_contract(clean_dir):
    root = clean_dir[0]
    for system, table in schema.all_tables():
        path = root / system / f"{table}.parquet"
        assert path.exists(), path
        written = pq.read_schema(path)
        expected = [
            (name, schema.ARROW_TYPES[kind]) for name, kind in schema.TABLES[system][table]["columns"]
        ]
        expected.append(("_loaded_at", schema.ARROW_TYPES["timestamp"]))
        assert [(f.name, f.type) for f in written] == expected, table
        assert pq.ParquetFile(path).metadata.num_rows > 0, table


# ------------------------------------------------------------------------ clean data passes staging checks


@pytest.mark.parametrize("system,table", schema.all_tables())
def test_clean_primary_keys_are_unique(clean, system, table):
    key = ", ".join(_key(table))
    dupes = clean.execute(
        f"select count(*) from (select {key} from {table} group by all having count(*) > 1)"
    )
    assert dupes.fetchone()[0] == 0
    nulls = " or ".join(f"{c} is null" for c in _key(table))
    assert clean.execute(f"select count(*) from {table} where {nulls}").fetchone()[0] == 0


@pytest.mark.parametrize("child,col,parent,pcol", FOREIGN_KEYS)
def test_clean_foreign_keys_resolve(clean, child, col, parent, pcol):
    missing = clean.execute(
        f"select count(*) from {child} c where c.{col} is not null "
        f"and not exists (select 1 from {parent} p where p.{pcol} = c.{col})"
    ).fetchone()[0]
    assert missing == 0


def test_clean_quantities_currencies_and_service_periods(clean):
    for table in QUANTITY_TABLES:
        assert clean.execute(f"select count(*) from {table} where quantity < 0").fetchone()[0] == 0, table
    for table in CURRENCY_TABLES:
        unknown = clean.execute(
            f"select count(*) from {table} where currency not in (select distinct currency from fx_rates)"
        ).fetchone()[0]
        assert unknown == 0, table
    no_period = clean.execute(
        f"select count(*) from invoice_lines where line_type in {PERIOD_LINE_TYPES} "
        "and (service_period_start is null or service_period_end is null)"
    ).fetchone()[0]
    assert no_period == 0


@pytest.mark.parametrize("table", sorted(BUSINESS_TIMESTAMPS))
def test_clean_business_timestamps_not_after_load_or_as_of(clean, table):
    as_of_end = "timestamp '2026-07-01 00:00:00'"  # end of the as-of day
    for col in BUSINESS_TIMESTAMPS[table]:
        late = clean.execute(f"select count(*) from {table} where cast({col} as timestamp) > _loaded_at")
        assert late.fetchone()[0] == 0, f"{table}.{col} after _loaded_at"
        future = clean.execute(f"select count(*) from {table} where cast({col} as timestamp) >= {as_of_end}")
        assert future.fetchone()[0] == 0, f"{table}.{col} after as-of"
    # loads happen by the end of the day after as-of
    assert (
        clean.execute(f"select count(*) from {table} where _loaded_at >= timestamp '2026-07-02'").fetchone()[
            0
        ]
        == 0
    )


def test_fx_rates_daily_for_every_currency_including_usd(clean):
    per_currency = clean.execute(
        "select currency, count(*), count(distinct rate_date), min(rate_date), max(rate_date) "
        "from fx_rates group by 1 order by 1"
    ).fetchall()
    currencies = [r[0] for r in per_currency]
    assert "USD" in currencies and len(currencies) >= 4
    days = {r[1] for r in per_currency}
    assert len(days) == 1  # same number of days for every currency
    for _, n, distinct, lo, hi in per_currency:
        assert n == distinct == (hi - lo).days + 1
    usd = clean.execute("select min(usd_per_unit), max(usd_per_unit) from fx_rates where currency = 'USD'")
    assert usd.fetchone() == (1.0, 1.0)
    moving = clean.execute(
        "select count(distinct usd_per_unit) from fx_rates where currency = 'EUR'"
    ).fetchone()[0]
    assert moving > 10


# ---------------------------------------------------------------------------- coherence across systems


def test_invoice_total_is_sum_of_lines(clean):
    off = clean.execute(
        "select count(*) from invoices i "
        "join (select invoice_id, sum(amount) as s from invoice_lines group by 1) l using (invoice_id) "
        "where abs(i.total_amount - l.s) > 0.005"
    ).fetchone()[0]
    assert off == 0
    empty = clean.execute(
        "select count(*) from invoices where invoice_id not in (select invoice_id from invoice_lines)"
    ).fetchone()[0]
    assert empty == 0


def test_recurring_lines_price_their_subscription_item(clean):
    # amount = quantity x unit_price x (1 - discount) for recurring lines, in the item's currency
    off = clean.execute("""
        select count(*) from invoice_lines l
        join subscription_items s using (subscription_item_id)
        join invoices i using (invoice_id)
        where l.line_type = 'recurring'
          and (abs(l.amount - round(s.quantity * s.unit_price, 2)
                   + round(s.quantity * s.unit_price * s.discount_pct, 2)) > 0.011
               or l.quantity <> s.quantity or i.currency <> s.currency)
    """).fetchone()[0]
    assert off == 0
    negative_credit = clean.execute(
        "select count(*) from invoice_lines where line_type = 'credit' and not (amount < 0 and quantity > 0)"
    )
    assert negative_credit.fetchone()[0] == 0


def test_one_customer_per_account_and_matching_currency(clean):
    assert (
        clean.execute(
            "select count(*) from (select account_id from customers group by 1 having count(*) > 1)"
        ).fetchone()[0]
        == 0
    )
    mismatched = clean.execute("""
        select count(*) from subscription_items s join customers c using (customer_id)
        join subscriptions sub using (subscription_id)
        where s.currency <> c.currency or sub.customer_id <> s.customer_id
    """).fetchone()[0]
    assert mismatched == 0


def test_events_come_from_users_of_the_same_account(clean):
    wrong = clean.execute(
        "select count(*) from events e join users u using (user_id) where e.account_id <> u.account_id"
    ).fetchone()[0]
    assert wrong == 0
    before_user = clean.execute(
        "select count(*) from events e join users u using (user_id) where e.occurred_at < u.created_at"
    ).fetchone()[0]
    assert before_user == 0


def test_item_change_log_is_effective_dated(clean):
    inverted = clean.execute(
        "select count(*) from subscription_items where valid_to < valid_from"
    ).fetchone()[0]
    assert inverted == 0
    # within a subscription and product line, rows never overlap: each change closes the prior row
    overlaps = clean.execute("""
        with x as (
            select s.subscription_id, p.product_id, s.valid_from, s.valid_to
            from subscription_items s join plans p using (plan_id)
        )
        select count(*) from x a join x b
          on a.subscription_id = b.subscription_id and a.product_id = b.product_id
         and a.valid_from < b.valid_from
        where a.valid_to is null or a.valid_to > b.valid_from
    """).fetchone()[0]
    assert overlaps == 0


def test_variety_of_the_demo_data(clean):
    def distinct(sql):
        return {r[0] for r in clean.execute(sql).fetchall()}

    assert len(distinct("select currency from customers") - {"USD"}) >= 3
    assert distinct("select line_type from invoice_lines") == {
        "recurring",
        "usage",
        "proration",
        "one_time",
        "credit",
        "tax",
    }
    assert distinct("select status from invoices") == {"paid", "open", "void", "uncollectible"}
    assert distinct("select p.pricing_model from subscription_items join plans p using (plan_id)") == {
        "per_seat",
        "flat",
        "usage",
    }
    assert distinct("select opportunity_type from opportunities") == {"new_business", "expansion", "renewal"}
    assert distinct("select segment from accounts") == {"smb", "mid_market", "enterprise"}
    assert {"new", "seat_increase", "upgrade", "cross_sell"} <= distinct(
        "select change_reason from subscription_items"
    )
    assert distinct("select billing_interval_months from plans") == {1, 12, 24, 36}
    assert distinct("select is_addon from products") == {True, False}
    assert {"session_start", "feature_used", "metered_usage", "user_invited"} <= distinct(
        "select event_name from events"
    )


def test_events_volume_and_metered_quantities(clean):
    n, metered_ok = clean.execute(
        "select count(*), bool_and(quantity >= 1) filter (where event_name = 'metered_usage') from events"
    ).fetchone()
    assert n > 10_000 and metered_ok


# ---------------------------------------------------------------------------- planted bad rows


def test_dirty_run_only_adds_planted_rows(dirty_dir, clean_dir, dirty):
    planted = dict(dirty.execute('select "table", count(*) from manifest group by 1').fetchall())
    clean_counts, dirty_counts = clean_dir[1], dirty_dir[1]
    for name, n in clean_counts.items():
        if name.startswith("_"):
            continue
        table = name.split(".", 1)[1]
        assert dirty_counts[name] == n + planted.get(table, 0), name


def test_manifest_covers_every_reason(dirty):
    reasons = {r[0] for r in dirty.execute("select distinct reason from manifest").fetchall()}
    assert reasons == set(schema.REASONS)
    per_table = dirty.execute('select "table", count(distinct reason) from manifest group by 1').fetchall()
    assert len(per_table) == 12


def test_each_planted_defect_is_really_there(dirty):
    manifest = dirty.execute('select "table", record_key, reason from manifest').fetchall()
    assert manifest
    currencies = {r[0] for r in dirty.execute("select distinct currency from fx_rates").fetchall()}
    for table, record_key, reason in manifest:
        key = _key(table)[0]
        rows = dirty.execute(f"select * from {table} where {key} = ?", [record_key]).fetch_df()
        if reason == "duplicate":
            assert len(rows) >= 2, (table, record_key)
            continue
        assert len(rows) == 1, (table, record_key, reason)
        row = rows.iloc[0]
        if reason == "orphan_key":
            fks = [(c, p, pc) for t, c, p, pc in FOREIGN_KEYS if t == table]
            orphaned = [
                c
                for c, p, pc in fks
                if row[c] is not None
                and dirty.execute(f"select count(*) from {p} where {pc} = ?", [row[c]]).fetchone()[0] == 0
            ]
            assert orphaned, (table, record_key)
        elif reason == "negative_quantity":
            assert row["quantity"] < 0
        elif reason == "unknown_currency":
            assert row["currency"] not in currencies
        elif reason == "missing_service_period":
            assert row["line_type"] in ("recurring", "usage", "proration")
            assert (
                row["service_period_start"] is None
                or row["service_period_end"] is None
                or str(row["service_period_start"]) == "NaT"
                or str(row["service_period_end"]) == "NaT"
            )
        elif reason == "future_timestamp":
            cols = BUSINESS_TIMESTAMPS[table]
            assert any(
                row[c] is not None and str(row[c]) != "NaT" and row[c] > row["_loaded_at"] for c in cols
            )
        else:  # pragma: no cover
            pytest.fail(f"unknown reason {reason}")


# ---------------------------------------------------------------------------- parameters drive the data


def test_parameters_passed_to_generate_change_the_data(tmp_path, clean):
    """Behaviour lives in erw.datagen.params: a changed Params reaches the billing and usage code."""
    import dataclasses

    import duckdb

    from erw.datagen.params import DEFAULT

    params = dataclasses.replace(
        DEFAULT,
        billing=dataclasses.replace(DEFAULT.billing, void=1.0),
        events=dataclasses.replace(
            DEFAULT.events, per_active_user_month=2 * DEFAULT.events.per_active_user_month
        ),
    )
    out = tmp_path / "tuned"
    generate(out=out, dirty_rate=0.0, params=params, **SMALL)
    con = duckdb.connect()
    voids, others = con.execute(
        f"select count(*) filter (status = 'void'), count(*) filter (status <> 'void') "
        f"from '{out}/billing/invoices.parquet'"
    ).fetchone()
    sessions = con.execute(
        f"select count(*) from '{out}/usage/events.parquet' where event_name = 'session_start'"
    ).fetchone()[0]
    base_sessions = clean.execute(
        "select count(*) from events where event_name = 'session_start'"
    ).fetchone()[0]
    # every invoice is first issued and voided, then reissued (unless the reissue falls after as-of)
    assert others > 50 and voids >= others
    # sessions are Poisson with a mean proportional to the knob: twice the rate, about twice the events
    assert base_sessions > 1000
    assert 1.8 < sessions / base_sessions < 2.2
