"""erw.rescoring: which input rows an incremental score model scores again, on hand-made tables.

Inputs: accounts a1, a2; months 2024-01 .. 2024-05. The first build stores every row with its digest.
Then: a1/2024-02 changes (a value), a2/2024-03 is removed, a2/2024-06 is new. Worked out by hand:
  lag 0: rescored a1/2024-02 and a2/2024-06; nothing else read.
  lag 3: also the rows three months after a changed or removed key that exist: a1/2024-05 (after
         a1/2024-02) and a2/2024-06 (after a2/2024-03, already new); as context the rows three
         months before the rescored ones that exist: a1/2024-02 (rescored itself), a2/2024-03 is
         gone, so nothing for a2/2024-06; so read = rescored = {a1/02, a1/05, a2/06}.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from erw.rescoring import DIGEST, RESCORED, VERSION, rows_to_score, scoring_version, with_bookkeeping

KEYS = ("account_id", "score_month")
M = [dt.date(2024, m, 1) for m in range(1, 7)]


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create table inputs (account_id varchar, score_month date, arr double, seats integer)")
    rows = [("a1", m, 100.0 + i, 5) for i, m in enumerate(M[:5])] + [("a2", m, 50.0, 2) for m in M[:5]]
    con.executemany("insert into inputs values (?, ?, ?, ?)", rows)
    return con


def _store(con, version):
    """What a first (full) build writes: every row, its digest and the version."""
    first = rows_to_score(con, con.table("inputs"), "stored", KEYS, version, incremental=False)
    frame = first.df()
    assert frame[RESCORED].all()
    frame = frame[[*KEYS, DIGEST]].assign(**{VERSION: version, "score": 1.0})
    con.register("first_frame", frame)
    con.execute("create table stored as select * from first_frame")


def _change_inputs(con):
    con.execute("update inputs set arr = 999 where account_id = 'a1' and score_month = date '2024-02-01'")
    con.execute("delete from inputs where account_id = 'a2' and score_month = date '2024-03-01'")
    con.execute("insert into inputs values ('a2', date '2024-06-01', 50.0, 2)")


def _keys(frame, rescored=None):
    if rescored is not None:
        frame = frame[frame[RESCORED] == rescored]
    return sorted((r.account_id, pd.Timestamp(r.score_month).date().month) for r in frame.itertuples())


def test_a_full_build_scores_every_row(con):
    rows = rows_to_score(con, con.table("inputs"), "nothing_stored", KEYS, "v1", incremental=False).df()
    assert len(rows) == 10 and rows[RESCORED].all() and rows[DIGEST].notna().all()


def test_only_changed_and_new_rows_are_scored_again(con):
    _store(con, "v1")
    _change_inputs(con)
    rows = rows_to_score(con, con.table("inputs"), "stored", KEYS, "v1", incremental=True).df()
    assert _keys(rows) == [("a1", 2), ("a2", 6)]
    assert rows[RESCORED].all()


def test_a_lag_rescores_the_rows_after_and_reads_the_rows_before(con):
    _store(con, "v1")
    _change_inputs(con)
    rows = rows_to_score(con, con.table("inputs"), "stored", KEYS, "v1", incremental=True, lag_months=3).df()
    assert _keys(rows, rescored=True) == [("a1", 2), ("a1", 5), ("a2", 6)]
    assert _keys(rows, rescored=False) == []


def test_the_context_row_three_months_earlier_comes_along_unscored(con):
    _store(con, "v1")
    con.execute("update inputs set seats = 9 where account_id = 'a2' and score_month = date '2024-05-01'")
    rows = rows_to_score(con, con.table("inputs"), "stored", KEYS, "v1", incremental=True, lag_months=3).df()
    # a2/05 changed; 08 does not exist; its row three months before (a2/02) is read as context
    assert _keys(rows, rescored=True) == [("a2", 5)]
    assert _keys(rows, rescored=False) == [("a2", 2)]


def test_a_new_scoring_version_scores_every_row(con):
    _store(con, "v1")
    rows = rows_to_score(con, con.table("inputs"), "stored", KEYS, "v2", incremental=True).df()
    assert len(rows) == 10 and rows[RESCORED].all()


def test_unchanged_inputs_score_nothing(con):
    _store(con, "v1")
    rows = rows_to_score(con, con.table("inputs"), "stored", KEYS, "v1", incremental=True, lag_months=3).df()
    assert rows.empty


def test_bookkeeping_keeps_the_rescored_rows_with_their_digest():
    inputs = pd.DataFrame(
        {
            "account_id": ["a1", "a1"],
            "score_month": pd.to_datetime(["2024-01-01", "2024-04-01"]),
            DIGEST: [11, 22],
            RESCORED: [False, True],
        }
    )
    scores = pd.DataFrame(
        {"account_id": ["a1", "a1"], "score_month": inputs["score_month"], "score": [1.0, 2.0]}
    )
    out = with_bookkeeping(scores, inputs, KEYS, "v9")
    assert out[["account_id", "score", DIGEST, VERSION]].values.tolist() == [["a1", 2.0, 22, "v9"]]


def test_the_scoring_version_follows_seed_values_and_code():
    seeds = {"bands": pd.DataFrame({"band": ["low", "high"], "lower": [0, 50]})}
    same = {"bands": pd.DataFrame({"band": ["low", "high"], "lower": [0, 50]})}
    moved = {"bands": pd.DataFrame({"band": ["low", "high"], "lower": [0, 60]})}
    assert scoring_version(seeds, code=(scoring_version,)) == scoring_version(same, code=(scoring_version,))
    assert scoring_version(seeds, code=(scoring_version,)) != scoring_version(moved, code=(scoring_version,))
    assert scoring_version(seeds, code=(scoring_version,)) != scoring_version(seeds, code=(pd.merge,))
