"""The alternative points model per paying account and month, next to the five-component readiness
score (scoring logic: erw.scoring.points_model)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import points_model


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(dbt.ref("int_account_score_inputs_monthly"), order_by=("account_id", "score_month"))
    seeds = {
        "points_model_steps": to_pandas(dbt.ref("points_model_steps")),
        "score_weights": to_pandas(dbt.ref("score_weights")),
        "score_bands": to_pandas(dbt.ref("score_bands")),
    }
    scores = points_model(
        inputs,
        steps=seeds["points_model_steps"],
        weights=seeds["score_weights"],
        bands=seeds["score_bands"],
    )
    return for_warehouse(scores, date_columns=("score_month",))
