"""Cross-sell propensity per paying account and product line it does not own, at the as-of date
(scoring logic: erw.scoring.cross_sell_propensity)."""

from erw.dbt_frames import for_warehouse, to_pandas
from erw.scoring import cross_sell_propensity


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = to_pandas(
        dbt.ref("int_account_product_lines_cross_sell_inputs"), order_by=("account_id", "product_line")
    )
    scores = cross_sell_propensity(
        inputs,
        weights=to_pandas(dbt.ref("score_weights")),
        component_inputs=to_pandas(dbt.ref("score_component_inputs")),
    )
    return for_warehouse(scores, date_columns=("score_month",))
