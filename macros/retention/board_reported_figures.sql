{#
    The board figures of rpt_board_retention whose change in a closed month is a restatement: what
    snap_board_retention versions on (check_cols) and rpt_board_restatements compares. Figures derived
    only from these and from seeds (GRR band, NRR target, the gap and its costs, benchmarks) are left
    out, and so is a column added to the board later: with check_cols='all' a new column would make
    every closed row a new version (dbt treats an added column as a change of every row).
    A macro because it has two readers that must agree (the snapshot and rpt_board_restatements).
#}
{% macro board_reported_figures() %}
    {{ return([
        'arr_usd', 'arr_usd_constant', 'ttm_base_mrr_usd', 'ttm_nrr', 'ttm_grr', 'ttm_logo_retention',
        'ttm_new_arr_usd', 'ttm_expansion_arr_usd', 'ttm_reactivation_arr_usd', 'ttm_contraction_arr_usd',
        'ttm_churn_arr_usd', 'period_movement_nrr',
    ]) }}
{% endmacro %}
