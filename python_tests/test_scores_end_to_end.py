"""End to end on the small generated data set (40 accounts, 14 months): every score model builds,
its data tests pass (grain, 0-100 ranges, gate consistency, declared schema of the Python models,
seed weights and bands), and the marts agree with each other and with the MRR they score."""

from __future__ import annotations

import pytest

from python_tests.warehouse import connect, run_dbt

SCORES = ["--select", "+path:models/marts/scores"]
SCORE_TESTS = [
    "--select",
    "path:models/marts/scores",
    "path:models/intermediate/scores",
    "path:seeds/scoring",
]


@pytest.fixture(scope="module")
def warehouse(clean_dir, tmp_path_factory):
    raw_dir, _ = clean_dir
    db = tmp_path_factory.mktemp("scores") / "scores.duckdb"
    run_dbt(["seed", "--select", "path:seeds"], raw_dir, db)
    run_dbt(["run", *SCORES], raw_dir, db)
    run_dbt(["test", *SCORE_TESTS], raw_dir, db)
    con = connect(db)
    yield con
    con.close()


def test_scorecard_has_one_ranked_row_per_paying_account(warehouse):
    paying = warehouse.sql(
        """
        select count(*)
        from main_intermediate.int_account_mrr_months_aggregated as mrr
        inner join main_intermediate.int_as_of_date_resolved as as_of
            on mrr.revenue_month = as_of.latest_score_month
        where mrr.mrr_usd > 0
        """
    ).fetchall()[0][0]
    rows, ranks, distinct = warehouse.sql(
        "select count(*), max(readiness_rank), count(distinct account_id) from main_marts.rpt_expansion_scorecard"
    ).fetchall()[0]
    assert paying > 0
    assert rows == ranks == distinct == paying


def test_scorecard_is_ordered_by_readiness(warehouse):
    out = warehouse.sql(
        "select expansion_readiness from main_marts.rpt_expansion_scorecard order by readiness_rank"
    ).fetchall()
    values = [v[0] for v in out]
    assert values == sorted(values, reverse=True)


def test_failed_gate_is_never_recommended_and_lists_its_reason(warehouse):
    bad = warehouse.sql(
        """
        select count(*)
        from main_marts.fct_expansion_readiness_monthly
        where (not passes_gate and (recommended_action <> 'monitor' or failed_gate_criteria = ''))
            or (passes_gate and failed_gate_criteria <> '')
        """
    ).fetchall()[0][0]
    assert bad == 0


def test_pqa_engagement_never_grows_on_an_idle_day(warehouse):
    grew = warehouse.sql(
        """
        with days as (
            select
                pqa.account_id,
                pqa.score_date,
                pqa.engagement_points,
                lag(pqa.engagement_points) over (partition by pqa.account_id order by pqa.score_date) as previous,
                signals.active_users
            from main_marts.fct_pqa_scores_daily as pqa
            inner join main_intermediate.int_account_pqa_signals_daily as signals
                on pqa.account_id = signals.account_id and pqa.score_date = signals.score_date
        )
        select count(*) from days where active_users = 0 and engagement_points > previous
        """
    ).fetchall()[0][0]
    assert grew == 0


def test_health_and_readiness_cover_the_same_account_months(warehouse):
    only_one = warehouse.sql(
        """
        select count(*)
        from main_marts.fct_account_health_monthly as health
        full outer join main_marts.fct_expansion_readiness_monthly as readiness
            on health.account_id = readiness.account_id and health.score_month = readiness.score_month
        where health.account_id is null or readiness.account_id is null
        """
    ).fetchall()[0][0]
    assert only_one == 0
