"""Product-qualified account score per account and day, with accumulation, decay and resets
(scoring logic: erw.scoring.pqa_score)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import pqa_score


def model(dbt, session):
    dbt.config(materialized="table")
    daily = to_pandas(dbt.ref("int_account_pqa_signals_daily"), order_by=("account_id", "score_date"))
    scores = pqa_score(
        daily,
        points=to_pandas(dbt.ref("pqa_points")),
        bands=to_pandas(dbt.ref("score_bands")),
        params=to_pandas(dbt.ref("score_parameters")),
    )
    return for_warehouse(scores, date_columns=("score_date",))
