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


def test_to_pandas_sorts_rows_whatever_order_the_engine_returns():
    """Two relations holding the same rows in different orders give identical frames, and a pandas
    sum over them is then identical to the last bit (floating point addition is not associative)."""
    con = duckdb.connect()
    values = [1e16, 1.0, -1e16, 3.5, None, 2.25]
    keys = ["b", "a", "b", None, "c", "a"]
    rows = list(zip(keys, values, strict=True))
    forward = pd.DataFrame(rows, columns=["k", "v"])
    backward = pd.DataFrame(rows[::-1], columns=["k", "v"])
    con.register("forward", forward)
    con.register("backward", backward)
    first = to_pandas(con.sql("select * from forward"), order_by=["k", "v"])
    second = to_pandas(con.sql("select * from backward"), order_by=["k", "v"])
    assert first.equals(second)
    # sorted by k then v, nulls last, as worked out by hand
    assert first["k"].tolist()[:5] == ["a", "a", "b", "b", "c"]
    assert first["v"].tolist()[:4] == [1.0, 2.25, -1e16, 1e16]
    assert first["v"].sum() == second["v"].sum()


def test_to_pandas_order_by_uses_the_given_keys_only():
    frame = pd.DataFrame({"k": [2, 1, 2, 1], "v": [1, 2, 3, 4]})
    out = to_pandas(frame, order_by=["k"])
    assert out["k"].tolist() == [1, 1, 2, 2]
    assert out["v"].tolist() == [2, 4, 1, 3]  # stable within equal keys
    assert list(out.index) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="missing"):
        to_pandas(frame, order_by=["missing"])
