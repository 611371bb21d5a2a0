"""The scorecard's calibration measures on a built warehouse (issue 13, reference document 002).

Each function reads marts only (read-only connection) and returns plain Python values, so the
calibration test (`python_tests/test_calibration_demo.py`) and the report script
(`python -m erw.calibration <warehouse>`) measure the demo the same way:

- gate pass rate per segment: share of scorecard accounts (`rpt_expansion_scorecard`) passing the
  activation gate (doc 002: under 15% is too strict, over 60% too loose);
- expansions that passed the gate the month before: expansion movements (`fct_mrr_movements`)
  joined to the grain's `fct_expansion_readiness_monthly` row of the previous month (doc 002: 80%+);
- pooled fire rate per trigger: accounts fired / eligible accounts summed over the complete
  quarters of `rpt_trigger_effectiveness` (doc 002: 3% to 40%);
- CSQLs matched to a trigger firing (`fct_csql_pipeline.is_trigger_matched`);
- share of accounts `sales_ready` on the latest PQA date (`fct_pqa_scores_latest`);
- expansion lift by band of the readiness and points scores (`rpt_expansion_score_calibration`)
  and the health score's churn warning lift (`rpt_health_score_calibration`).
"""

from __future__ import annotations

import argparse
import json

import duckdb

MARTS = "main_marts"


def gate_pass_rate_by_segment(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    rows = con.execute(
        f"""
        select segment, avg(case when passes_gate then 1.0 else 0.0 end)
        from {MARTS}.rpt_expansion_scorecard
        group by segment
        order by segment
        """
    ).fetchall()
    return {segment: float(rate) for segment, rate in rows}


def expansions_passed_gate_before(con: duckdb.DuckDBPyConnection) -> tuple[int, float]:
    """(expansions scored the month before, share of them whose grain passed the gate then)."""
    n, share = con.execute(
        f"""
        select count(*), avg(case when readiness.passes_gate then 1.0 else 0.0 end)
        from {MARTS}.fct_mrr_movements as movements
        inner join {MARTS}.fct_expansion_readiness_monthly as readiness
            on movements.grain_id = readiness.account_id
                and readiness.score_month = cast(movements.revenue_month - interval 1 month as date)
        where movements.movement_type = 'expansion'
        """
    ).fetchone()
    return int(n), float(share or 0.0)


def pooled_fire_rates(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    rows = con.execute(
        f"""
        select trigger_key, sum(accounts_fired) * 1.0 / sum(eligible_accounts)
        from {MARTS}.rpt_trigger_effectiveness
        where is_complete_quarter
        group by trigger_key
        having sum(eligible_accounts) > 0
        order by trigger_key
        """
    ).fetchall()
    return {key: float(rate) for key, rate in rows}


def csql_match_share(con: duckdb.DuckDBPyConnection) -> tuple[int, float]:
    n, share = con.execute(
        f"""
        select count(*), avg(case when is_trigger_matched then 1.0 else 0.0 end)
        from {MARTS}.fct_csql_pipeline
        """
    ).fetchone()
    return int(n), float(share or 0.0)


def sales_ready_share(con: duckdb.DuckDBPyConnection) -> float:
    (share,) = con.execute(
        f"""
        select avg(case when pqa_band = 'sales_ready' then 1.0 else 0.0 end)
        from {MARTS}.fct_pqa_scores_latest
        """
    ).fetchone()
    return float(share or 0.0)


def expansion_lift_by_band(con: duckdb.DuckDBPyConnection) -> dict[str, list[float]]:
    """Lift per band, in band order, for each score model of rpt_expansion_score_calibration."""
    rows = con.execute(
        f"""
        select score_model, band_rank, lift
        from {MARTS}.rpt_expansion_score_calibration
        order by score_model, band_rank
        """
    ).fetchall()
    out: dict[str, list[float]] = {}
    for model, _, lift in rows:
        out.setdefault(model, []).append(float(lift) if lift is not None else float("nan"))
    return out


def health_churn_lift(con: duckdb.DuckDBPyConnection) -> float:
    """Share of churners flagged at_risk/critical 90 days before, over the base flagged share."""
    flagged, base = con.execute(
        f"""
        select flagged_share, base_flagged_share
        from {MARTS}.rpt_health_score_calibration
        where segment = 'all'
        """
    ).fetchone()
    return float(flagged) / float(base) if base else float("nan")


def measure(con: duckdb.DuckDBPyConnection) -> dict:
    expansions, passed = expansions_passed_gate_before(con)
    csqls, matched = csql_match_share(con)
    return {
        "gate_pass_rate_by_segment": gate_pass_rate_by_segment(con),
        "expansions_scored": expansions,
        "expansions_passed_gate_before": passed,
        "pooled_fire_rates": pooled_fire_rates(con),
        "csqls": csqls,
        "csqls_matched_share": matched,
        "sales_ready_share": sales_ready_share(con),
        "expansion_lift_by_band": expansion_lift_by_band(con),
        "health_churn_lift": health_churn_lift(con),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", help="DuckDB file (opened read-only)")
    args = parser.parse_args(argv)
    con = duckdb.connect(args.warehouse, read_only=True)
    try:
        print(json.dumps(measure(con), indent=2))
    finally:
        con.close()


if __name__ == "__main__":
    main()
