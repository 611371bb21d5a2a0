{#-
    Board figures of closed months, as first reported and as every later restatement: a new version
    appears whenever a closed month's row changes (check strategy on all columns).
-#}
{% snapshot snap_board_retention %}

{{
    config(
        enabled=snapshots_supported(),
        unique_key='board_row_id',
        strategy='check',
        check_cols='all',
        invalidate_hard_deletes=true,
    )
}}

    select * from {{ ref('rpt_board_retention') }}
    where is_month_closed

{% endsnapshot %}
