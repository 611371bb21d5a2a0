"""Customer health per paying account and month (scoring logic: erw.scoring.health_score).
Incremental: only the input rows that changed are scored again (erw.rescoring), and the rows whose
3-month trend reads one of them."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.rescoring import rows_to_score, scoring_version, with_bookkeeping
from erw.scoring import health_score
from erw.scoring.core import parameter

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
    }
    version = scoring_version(seeds, code=(health_score, model))
    trend_months = int(parameter(seeds["score_parameters"], "health", "trend_months"))
    rows = rows_to_score(
        session,
        dbt.ref("int_account_score_inputs_monthly"),
        dbt.this,
        KEYS,
        version,
        dbt.is_incremental,
        lag_months=trend_months,
    )
    inputs = to_pandas(rows, order_by=KEYS)
    scores = health_score(
        inputs,
        weights=seeds["score_weights"],
        component_inputs=seeds["score_component_inputs"],
        bands=seeds["score_bands"],
        params=seeds["score_parameters"],
    )
    return for_warehouse(with_bookkeeping(scores, inputs, KEYS, version), date_columns=("score_month",))
