"""The retention marts agree with an independent implementation of SPEC section 5.

scripts/reference_retention.py was written from the written definitions alone, in pandas, straight from
the raw files, without reading the dbt models. On the demo data (fixture `demo`) its MRR, TTM NRR / GRR /
logo retention by cut and cohort figures must match the marts to 1e-6, with no row missing on either side.
"""

from __future__ import annotations

import duckdb

from scripts.reference_retention import compare_with_warehouse


def test_marts_match_the_independent_reference(demo, capsys):
    raw, db = demo
    with duckdb.connect(str(db), read_only=True) as con:
        ttm_rows = con.execute(
            "select count(*) from main_marts.rpt_retention_ttm where cut_type = 'total'"
        ).fetchone()[0]
    assert ttm_rows >= 1, "the demo data must cover more than 12 months for the comparison to mean anything"
    result = compare_with_warehouse(raw, db)
    report = capsys.readouterr().out
    assert result == 0, report
    assert "OK: reference and marts agree" in report
