"""Customer health per paying account and month (scoring logic: erw.scoring.health_score)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import health_score


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(dbt.ref("int_account_score_inputs_monthly"), order_by=("account_id", "score_month"))
    seeds = {
        "score_weights": to_pandas(dbt.ref("score_weights")),
        "score_component_inputs": to_pandas(dbt.ref("score_component_inputs")),
        "score_bands": to_pandas(dbt.ref("score_bands")),
        "score_parameters": to_pandas(dbt.ref("score_parameters")),
    }
    scores = health_score(
        inputs,
        weights=seeds["score_weights"],
        component_inputs=seeds["score_component_inputs"],
        bands=seeds["score_bands"],
        params=seeds["score_parameters"],
    )
    return for_warehouse(scores, date_columns=("score_month",))
