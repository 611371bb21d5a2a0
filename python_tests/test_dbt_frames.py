"""The frame helper keeps warehouse types: dates stay dates and text stays text, even when empty."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from erw.dbt_frames import for_warehouse, to_pandas


@pytest.mark.parametrize("rows", [0, 2])
def test_for_warehouse_types_survive_empty_frames(rows):
    frame = pd.DataFrame(
        {
            "account_id": pd.Series(["a", "b"][:rows], dtype=object),
            "score_month": pd.Series([pd.Timestamp("2025-01-01")] * rows, dtype="datetime64[ns]"),
            "band": pd.Series(["x", None][:rows], dtype=object),
            "passes_gate": pd.Series([True, False][:rows], dtype=bool),
            "score": pd.Series([1.5, 2.5][:rows], dtype="float64"),
        }
    )
    out = for_warehouse(frame, date_columns=("score_month",))
    con = duckdb.connect()
    con.register("out", out)
    types = {name: kind for name, kind, *_ in con.sql("describe select * from out").fetchall()}
    assert types == {
        "account_id": "VARCHAR",
        "score_month": "DATE",
        "band": "VARCHAR",
        "passes_gate": "BOOLEAN",
        "score": "DOUBLE",
    }


def test_to_pandas_converts_duckdb_relations_and_passes_frames_through():
    con = duckdb.connect()
    frame = to_pandas(con.sql("select 1 as x"))
    assert frame["x"].tolist() == [1]
    assert to_pandas(frame) is frame
    with pytest.raises(TypeError):
        to_pandas(object())
