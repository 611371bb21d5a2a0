{#-
    Board rows of closed months, as first reported and as every later restatement: a new version
    appears whenever one of a closed month's reported figures changes (check strategy on
    board_reported_figures(); a column added to the board later does not version every row).
-#}
{% snapshot snap_board_retention %}

{{
    config(
        enabled=snapshots_supported(),
        unique_key='board_row_id',
        strategy='check',
        check_cols=board_reported_figures(),
        invalidate_hard_deletes=true,
    )
}}

    select * from {{ ref('rpt_board_retention') }}
    where is_month_closed

{% endsnapshot %}
