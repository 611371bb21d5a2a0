"""Incremental PQA (int_account_pqa_signals_daily, int_account_pqa_points_accumulated) equals a full refresh.

Hand-built raw data, built once (as-of 2024-03-20; a2's events load before the 3-day lookback of the newest load, 03-12), then changed the ways a daily load changes it and
built again incrementally (as-of 2024-03-25), next to a full refresh of the same data:
  a1  a late event on 2024-01-25, a month before its first product day (2024-02-10): its days now
      start on 01-25 and are all rewritten;
  a2  user u4's deactivation is back-dated to 2024-03-05 in the users export (no event changes):
      inactive users drop by one from 03-05, its days 03-01..03-04 are kept as stored;
  a3  gone from the CRM export: its events become orphans and its days disappear;
  all five more days (the as-of date moved).
Then the stored scoring-seed digest is changed by hand: the next build must rescore every row.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from python_tests.rawdata import write_raw
from python_tests.warehouse import run_dbt

T = dt.datetime
SELECT = [
    "--select",
    "+fct_pqa_scores_latest",
    "+int_account_usage_rollups_aggregated",
    "--exclude",
    "resource_type:test",
    "resource_type:unit_test",
]
MODELS = {
    "main_intermediate.int_account_usage_rollups_aggregated": "account_id, rollup_grain, usage_month, usage_date, feature_key, user_id",
    "main_intermediate.int_account_pqa_signals_daily": "account_id, score_date",
    "main_intermediate.int_account_pqa_points_accumulated": "account_id, score_date",
    "main_marts.fct_pqa_scores_daily": "account_id, score_date",
    "main_marts.fct_pqa_scores_latest": "account_id",
}


def _event(event_id, account, user, name, occurred, loaded, feature=None):
    return dict(
        event_id=event_id,
        account_id=account,
        user_id=user,
        event_name=name,
        feature_key=feature,
        quantity=1.0,
        occurred_at=occurred,
        _loaded_at=loaded,
    )


EVENTS_1 = [
    _event("e1", "a1", "u1", "session_start", T(2024, 2, 10, 9), T(2024, 2, 10, 10)),
    _event("e2", "a1", "u1", "core_feature_activated", T(2024, 3, 5, 9), T(2024, 3, 5, 10), "f1"),
    _event("e3", "a1", "u2", "session_start", T(2024, 3, 12, 9), T(2024, 3, 12, 10)),
    _event("e4", "a2", "u3", "session_start", T(2024, 3, 1, 9), T(2024, 3, 1, 10)),
    _event("e5", "a2", "u4", "session_start", T(2024, 3, 8, 9), T(2024, 3, 8, 10)),
    _event("e6", "a3", "u5", "session_start", T(2024, 3, 2, 9), T(2024, 3, 2, 10)),
    _event("e7", "a3", "u5", "user_invited", T(2024, 3, 3, 9), T(2024, 3, 3, 10)),
]
LATE = _event("e8", "a1", "u2", "session_start", T(2024, 1, 25, 9), T(2024, 3, 21, 6))
ACCOUNTS = [
    dict(account_id=a, account_name=a.upper(), segment="smb", created_at=T(2023, 1, 1))
    for a in ("a1", "a2", "a3")
]


def _users(u4_deactivated_at=None):
    users = [("u1", "a1"), ("u2", "a1"), ("u3", "a2"), ("u4", "a2"), ("u5", "a3")]
    return [
        dict(
            user_id=user,
            account_id=account,
            email=f"{user}@example.com",
            created_at=T(2023, 1, 1),
            deactivated_at=u4_deactivated_at if user == "u4" else None,
        )
        for user, account in users
    ]


FEATURES = [
    dict(
        feature_key="f1",
        feature_name="Boards",
        product_line="platform",
        is_core=True,
        is_premium=False,
        min_tier_rank=1,
    )
]
FX = [dict(rate_date=dt.date(2024, 1, 1), currency="USD", usd_per_unit=1.0)]


def _raw(path, accounts, users, events):
    return write_raw(
        path,
        {
            ("crm", "accounts"): accounts,
            ("usage", "users"): users,
            ("usage", "features"): FEATURES,
            ("usage", "events"): events,
            ("finance", "fx_rates"): FX,
        },
    )


def _vars(as_of: str) -> list[str]:
    return ["--vars", "{as_of_date: '" + as_of + "'}"]


def _rows(db, relation, order, drop=("_built_at",)):
    with duckdb.connect(str(db), read_only=True) as con:
        columns = [c[0] for c in con.execute(f"select * from {relation} limit 0").description]
        kept = ", ".join(c for c in columns if c not in drop)
        rows = con.execute(f"select {kept} from {relation} order by {order}").fetchall()
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]


def _query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("pqa_incremental")
    raw_1 = _raw(base / "raw1", ACCOUNTS, _users(), EVENTS_1)
    raw_2 = _raw(base / "raw2", ACCOUNTS[:2], _users(T(2024, 3, 5, 12)), [*EVENTS_1, LATE])
    inc, full = base / "incremental.duckdb", base / "full.duckdb"
    run_dbt(["build", *SELECT, "--full-refresh", *_vars("2024-03-20")], raw_1, inc)
    first = {relation: _rows(inc, relation, order) for relation, order in MODELS.items()}
    first_built = _query(inc, "select max(_built_at) from main_intermediate.int_account_pqa_signals_daily")[
        0
    ][0]
    run_dbt(["build", *SELECT, *_vars("2024-03-25")], raw_2, inc, DBT_LOG_PATH=str(base / "logs"))
    run_dbt(["build", *SELECT, "--full-refresh", *_vars("2024-03-25")], raw_2, full)
    log = (base / "logs" / "dbt.log").read_text()
    return {"raw_2": raw_2, "inc": inc, "full": full, "first": first, "first_built": first_built, "log": log}


@pytest.mark.parametrize("relation", list(MODELS))
def test_incremental_equals_full_refresh(builds, relation):
    incremental = _rows(builds["inc"], relation, MODELS[relation])
    assert incremental == _rows(builds["full"], relation, MODELS[relation])
    assert incremental != builds["first"][relation], "the second load must change it, or this proves nothing"


def test_hand_counted_days(builds):
    signals = {
        (account, str(day)): (active, inactive)
        for account, day, active, inactive in _query(
            builds["inc"],
            "select account_id, score_date, active_users, inactive_users from main_intermediate.int_account_pqa_signals_daily",
        )
    }
    # a1 starts at the late event's day; 2024-01-25 .. 2024-03-25 = 7 + 29 + 25 days
    assert min(d for a, d in signals if a == "a1") == "2024-01-25"
    assert sum(1 for a, _ in signals if a == "a1") == 61
    assert signals[("a1", "2024-01-25")] == (1, 1)
    # a2: u3 and u4 on file until u4's deactivation on 03-05, u3 alone from then on
    assert signals[("a2", "2024-03-04")] == (0, 2)
    assert signals[("a2", "2024-03-05")] == (0, 1)
    assert signals[("a2", "2024-03-08")] == (1, 0)
    assert max(d for a, d in signals if a == "a2") == "2024-03-25"
    assert not any(a == "a3" for a, _ in signals)
    latest = _query(
        builds["inc"], "select account_id, score_date from main_marts.fct_pqa_scores_latest order by 1"
    )
    assert latest == [("a1", dt.date(2024, 3, 25)), ("a2", dt.date(2024, 3, 25))]


def test_unchanged_days_were_kept(builds):
    """a2's days before the back-dated deactivation were not rewritten; its days from it on were."""
    kept = _query(
        builds["inc"],
        "select min(score_date), max(score_date) from main_intermediate.int_account_pqa_signals_daily "
        f"where account_id = 'a2' and _built_at = '{builds['first_built']}'",
    )
    assert kept == [(dt.date(2024, 3, 1), dt.date(2024, 3, 4))]
    rescored = _query(
        builds["inc"],
        "select min(score_date) from main_intermediate.int_account_pqa_points_accumulated "
        f"where account_id = 'a2' and _built_at > '{builds['first_built']}'",
    )
    assert rescored == [(dt.date(2024, 3, 5),)]


def test_stored_events_are_rechecked_for_orphans_only_when_parent_keys_change(builds, tmp_path):
    """a3 left the CRM export: the incremental run re-checked the stored events (its events became
    orphans, proven by the equality with a full refresh). A second run on the same exports finds the
    parent key digest unchanged and skips the re-check, still equal to a full refresh."""
    import shutil

    recheck = "orphans_changed as ("
    assert recheck in builds["log"]
    again, logs = tmp_path / "again.duckdb", tmp_path / "logs"
    shutil.copy(builds["inc"], again)
    run_dbt(["build", *SELECT, *_vars("2024-03-25")], builds["raw_2"], again, DBT_LOG_PATH=str(logs))
    log = (logs / "dbt.log").read_text()
    assert "int_usage__events_checked__dbt_tmp" in log  # it did run, incrementally
    assert recheck not in log
    for relation, order in MODELS.items():
        assert _rows(again, relation, order) == _rows(builds["full"], relation, order), relation
    checked = "main_intermediate.int_usage__events_checked"
    order, drop = (
        "coalesce(event_id, _no_id_key), _loaded_at",
        ("_checked_at", "_parent_keys_digest"),
    )  # as of their build
    assert _rows(again, checked, order, drop) == _rows(builds["full"], checked, order, drop)
    orphans = _query(
        again,
        "select count(*) from main_intermediate.int_usage__events_checked "
        "where account_id = 'a3' and quarantine_reason = 'orphan_key'",
    )
    assert orphans[0][0] > 0


def test_changed_scoring_seeds_rescore_every_row(builds, tmp_path):
    import shutil

    inc = tmp_path / "rescored.duckdb"
    shutil.copy(builds["inc"], inc)
    with duckdb.connect(str(inc)) as con:
        con.execute(
            "update main_intermediate.int_account_pqa_points_accumulated set _scoring_version = 'older seeds'"
        )
        before = con.execute(
            "select max(_built_at) from main_intermediate.int_account_pqa_points_accumulated"
        ).fetchone()[0]
    run_dbt(["build", *SELECT, *_vars("2024-03-25")], builds["raw_2"], inc)
    for relation in (
        "main_intermediate.int_account_pqa_points_accumulated",
        "main_marts.fct_pqa_scores_daily",
    ):
        assert _rows(inc, relation, MODELS[relation]) == _rows(builds["full"], relation, MODELS[relation])
    state = "main_intermediate.int_account_pqa_points_accumulated"
    assert _query(inc, f"select count(*) from {state} where _built_at <= '{before}'") == [(0,)]


@pytest.mark.parametrize(
    ("batch_events", "inserted_batches"),
    [
        # raw_2 has clean events in 2024-01 (1), 2024-02 (1) and 2024-03 (4; a3's two are orphans):
        (1, 2),  # one month per batch: 01 by the model, 02 and 03 by the post-hook
        (2, 1),  # 01+02 (2 events) by the model, 03 by the post-hook
    ],
)
def test_batched_full_build_equals_one_statement(builds, tmp_path, batch_events, inserted_batches):
    """A full build in batches of months writes what one statement (the default here) writes."""
    batched, logs = tmp_path / "batched.duckdb", tmp_path / "logs"
    run_dbt(
        [
            "build",
            *SELECT,
            "--full-refresh",
            "--vars",
            f"{{as_of_date: '2024-03-25', usage_rollup_batch_events: {batch_events}}}",
        ],
        builds["raw_2"],
        batched,
        DBT_LOG_PATH=str(logs),
    )
    log = (logs / "dbt.log").read_text()
    inserts = log.count('insert into "batched"."main_intermediate"."int_account_usage_rollups_aggregated"')
    assert inserts == inserted_batches
    for relation, order in MODELS.items():
        assert _rows(batched, relation, order) == _rows(builds["full"], relation, order), relation
