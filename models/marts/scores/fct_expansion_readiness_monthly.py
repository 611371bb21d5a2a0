"""Expansion readiness, activation gate and recommended action per paying account and month
(scoring logic: erw.scoring.expansion_readiness)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import expansion_readiness


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(dbt.ref("int_account_score_inputs_monthly"), order_by=("account_id", "score_month"))
    health = to_pandas(dbt.ref("fct_account_health_monthly"), order_by=("account_id", "score_month"))
    seeds = {
        "score_weights": to_pandas(dbt.ref("score_weights")),
        "score_component_inputs": to_pandas(dbt.ref("score_component_inputs")),
        "score_bands": to_pandas(dbt.ref("score_bands")),
        "score_parameters": to_pandas(dbt.ref("score_parameters")),
        "readiness_gate_thresholds": to_pandas(dbt.ref("readiness_gate_thresholds")),
    }
    scores = expansion_readiness(
        inputs,
        health=health,
        weights=seeds["score_weights"],
        component_inputs=seeds["score_component_inputs"],
        bands=seeds["score_bands"],
        gate_thresholds=seeds["readiness_gate_thresholds"],
        params=seeds["score_parameters"],
    )
    return for_warehouse(scores, date_columns=("score_month",))
