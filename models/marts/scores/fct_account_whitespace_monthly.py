"""Whitespace per paying account and month: penetration on five dimensions and the average gap
(scoring logic: erw.scoring.whitespace). Incremental: only the input rows that changed are scored
again (erw.rescoring)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.rescoring import rows_to_score, scoring_version, with_bookkeeping
from erw.scoring import whitespace

KEYS = ("account_id", "score_month")


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key=["account_id", "score_month"],
        on_schema_change="fail",
    )
    version = scoring_version({}, code=(whitespace, model))
    rows = rows_to_score(
        session, dbt.ref("int_account_score_inputs_monthly"), dbt.this, KEYS, version, dbt.is_incremental
    )
    inputs = to_pandas(rows, order_by=KEYS)
    return for_warehouse(
        with_bookkeeping(whitespace(inputs), inputs, KEYS, version), date_columns=("score_month",)
    )
