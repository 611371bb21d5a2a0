"""Quarantine and PII guarantees, checked on a full build of generated (dirty) demo data (fixture `demo`)."""

from __future__ import annotations

from collections import Counter

import pyarrow.parquet as pq

from erw.datagen import schema
from python_tests.warehouse import connect, relations


def test_every_planted_bad_row_is_quarantined_with_its_reason_and_nothing_else(demo):
    raw, db = demo
    manifest = pq.read_table(raw / "_dirty_manifest.parquet").to_pylist()
    assert {row["reason"] for row in manifest} == set(schema.REASONS), "generator must plant every defect"
    planted = Counter((r["system"], r["table"], r["record_key"], r["reason"]) for r in manifest)
    with connect(db) as con:
        quarantined = Counter(
            con.sql(
                """
                select source_system, source_table, record_key, quarantine_reason
                from main_marts.fct_quarantined_rows
                """
            ).fetchall()
        )
    missed = planted - quarantined
    wrongly_held = quarantined - planted
    assert not missed, f"planted but not quarantined (or wrong reason): {list(missed)[:10]}"
    assert not wrongly_held, f"quarantined but never planted: {list(wrongly_held)[:10]}"


def test_staging_keeps_every_other_row(demo):
    """Staging keeps every raw row; the data-quality area's clean relation + quarantined rows add up to it."""
    raw, db = demo
    with connect(db) as con:
        for system, table in schema.all_tables():
            raw_rows = pq.read_metadata(raw / system / f"{table}.parquet").num_rows
            staged = con.sql(f"select count(*) from main_staging.stg_{system}__{table}").fetchall()[0][0]
            assert staged == raw_rows, f"{system}.{table}: staging has {staged} of {raw_rows} raw rows"
            clean = con.sql(
                f"select count(*) from main_intermediate.int_{system}__{table}_cleaned"
            ).fetchall()[0][0]
            held = con.sql(
                "select count(*) from main_marts.fct_quarantined_rows"
                " where source_system = ? and source_table = ?",
                params=[system, table],
            ).fetchall()[0][0]
            assert clean + held == raw_rows, f"{system}.{table}: {clean} + {held} != {raw_rows}"


def test_no_email_or_name_leaves_staging_in_clear_text(demo):
    raw, db = demo
    pii_sources = [
        f"select email as v from read_parquet('{raw}/usage/users.parquet')",
        f"select email as v from read_parquet('{raw}/crm/contacts.parquet')",
        f"select full_name as v from read_parquet('{raw}/crm/contacts.parquet')",
    ]
    pii = " union ".join(pii_sources)
    with connect(db) as con:
        n_pii = con.sql(f"select count(distinct v) from ({pii}) where v is not null").fetchall()[0][0]
        assert n_pii > 50, "the demo data must contain emails and names for this test to mean anything"
        checked_columns = 0
        for schema_name, rel in (
            relations(con, "_staging") + relations(con, "_intermediate") + relations(con, "_marts")
        ):
            text_columns = [
                name
                for name, dtype in con.sql(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ?",
                    params=[schema_name, rel],
                ).fetchall()
                if dtype == "VARCHAR"
            ]
            if not text_columns:
                continue
            checked_columns += len(text_columns)
            in_pii = "in (select lower(trim(v)) from pii)"
            matches = " or ".join(f"lower(trim({c})) {in_pii}" for c in text_columns)
            leaks = con.sql(
                f"""
                with pii as ({pii})
                select count(*) from {schema_name}.{rel}
                where {matches}
                """
            ).fetchall()[0][0]
            assert leaks == 0, f"{schema_name}.{rel} carries PII in clear text"
        assert checked_columns > 100
