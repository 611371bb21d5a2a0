"""Win-back score and band per closed-lost opportunity at the as-of date
(scoring logic: erw.scoring.win_back_score)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import win_back_score


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(dbt.ref("int_opportunities_win_back_inputs"), order_by=("opportunity_id",))
    scores = win_back_score(
        inputs,
        win_back_points=to_pandas(dbt.ref("win_back_points")),
        bands=to_pandas(dbt.ref("score_bands")),
    )
    return for_warehouse(scores, date_columns=("closed_date",))
