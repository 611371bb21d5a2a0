"""Whitespace per paying account and month: penetration on five dimensions and the average gap
(scoring logic: erw.scoring.whitespace)."""

from erw.dbt_frames import to_pandas, with_date_columns
from erw.scoring import whitespace


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(dbt.ref("int_account_score_inputs_monthly"))
    return with_date_columns(whitespace(inputs), "score_month")
