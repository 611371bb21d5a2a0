{#-
    Every board figure of a closed month that changed after it was first reported: one row per
    month, segment and metric, with the value as first reported, the value now and when each was
    captured. Empty while closed months are stable. A row whose month no longer exists shows a null
    current value. The figures compared are board_reported_figures() (the snapshot's check columns).
-#}
{{ config(enabled=snapshots_supported()) }}
{%- set metrics = board_reported_figures() -%}

with

snapshots as (

    select * from {{ ref('snap_board_retention') }}

),

board as (

    select * from {{ ref('rpt_board_retention') }}

),

versions_ranked as (

    select
        snapshots.*,
        row_number() over (partition by snapshots.board_row_id order by snapshots.dbt_valid_from) as version_rank
    from snapshots

),

first_reported as (

    select * from versions_ranked
    where version_rank = 1

),

compared as (

    {% for metric in metrics %}
        select
            first_reported.board_row_id,
            first_reported.revenue_month,
            first_reported.segment,
            '{{ metric }}' as metric_name,
            cast(first_reported.{{ metric }} as {{ type_double() }}) as first_reported_value,
            cast(board.{{ metric }} as {{ type_double() }}) as current_value,
            first_reported.dbt_valid_from as first_reported_at
        from first_reported
        left join board
            on first_reported.board_row_id = board.board_row_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(['board_row_id', "'|'", 'metric_name']) }} as restatement_id,
        board_row_id,
        revenue_month,
        segment,
        metric_name,
        first_reported_value,
        current_value,
        current_value - first_reported_value as restated_by,
        first_reported_at
    from compared
    where
        (first_reported_value != current_value)
        or (first_reported_value is null and current_value is not null)
        or (first_reported_value is not null and current_value is null)

)

select * from final
