"""Expansion readiness, activation gate and recommended action per paying account and month
(scoring logic: erw.scoring.expansion_readiness). Incremental: only the rows whose inputs or health
score and trend changed are scored again (erw.rescoring)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.rescoring import rows_to_score, scoring_version, with_bookkeeping, with_columns_of
from erw.scoring import expansion_readiness

KEYS = ("account_id", "score_month")


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key=["account_id", "score_month"],
        on_schema_change="fail",
    )
    seeds = {
        "score_weights": to_pandas(dbt.ref("score_weights")),
        "score_component_inputs": to_pandas(dbt.ref("score_component_inputs")),
        "score_bands": to_pandas(dbt.ref("score_bands")),
        "score_parameters": to_pandas(dbt.ref("score_parameters")),
        "readiness_gate_thresholds": to_pandas(dbt.ref("readiness_gate_thresholds")),
    }
    version = scoring_version(seeds, code=(expansion_readiness, model))
    with_health = with_columns_of(
        session,
        dbt.ref("int_account_score_inputs_monthly"),
        dbt.ref("fct_account_health_monthly"),
        KEYS,
        ("health_score", "health_trend_3m"),
    )
    rows = rows_to_score(session, with_health, dbt.this, KEYS, version, dbt.is_incremental)
    inputs = to_pandas(rows, order_by=KEYS)
    scores = expansion_readiness(
        inputs,
        weights=seeds["score_weights"],
        component_inputs=seeds["score_component_inputs"],
        bands=seeds["score_bands"],
        gate_thresholds=seeds["readiness_gate_thresholds"],
        params=seeds["score_parameters"],
    )
    return for_warehouse(with_bookkeeping(scores, inputs, KEYS, version), date_columns=("score_month",))
