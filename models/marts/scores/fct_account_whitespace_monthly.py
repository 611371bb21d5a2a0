"""Whitespace per paying account and month: penetration on five dimensions and the average gap
(scoring logic: erw.scoring.whitespace)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import whitespace


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(dbt.ref("int_account_score_inputs_monthly"), order_by=("account_id", "score_month"))
    return for_warehouse(whitespace(inputs), date_columns=("score_month",))
