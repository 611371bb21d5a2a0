"""The alternative points model per paying account and month, next to the five-component readiness
score (scoring logic: erw.scoring.points_model). Incremental: only the input rows that changed are
scored again (erw.rescoring)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.rescoring import rows_to_score, scoring_version, with_bookkeeping
from erw.scoring import points_model

KEYS = ("account_id", "score_month")


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key=["account_id", "score_month"],
        on_schema_change="fail",
    )
    seeds = {
        "points_model_steps": to_pandas(dbt.ref("points_model_steps")),
        "score_weights": to_pandas(dbt.ref("score_weights")),
        "score_bands": to_pandas(dbt.ref("score_bands")),
    }
    version = scoring_version(seeds, code=(points_model, model))
    rows = rows_to_score(
        session, dbt.ref("int_account_score_inputs_monthly"), dbt.this, KEYS, version, dbt.is_incremental
    )
    inputs = to_pandas(rows, order_by=KEYS)
    scores = points_model(
        inputs,
        steps=seeds["points_model_steps"],
        weights=seeds["score_weights"],
        bands=seeds["score_bands"],
    )
    return for_warehouse(with_bookkeeping(scores, inputs, KEYS, version), date_columns=("score_month",))
