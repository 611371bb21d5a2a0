{#-
    One row per account per month with at least one clean event: monthly active users, active days
    and the same event counts as the daily rollup. Incremental from events alone (monthly distinct
    users cannot be added up from days), with the same late-arrival handling.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='delete+insert',
        unique_key=['account_id', 'usage_month'],
        on_schema_change='fail',
    )
}}

with

events as (

    select * from {{ ref('int_usage__events_cleaned') }}

),

events_to_process as (

    {{ usage_events_to_process('events') }}

),

aggregated as (

    select
        account_id,
        usage_month,
        count(distinct usage_date) as active_days,
        {{ usage_event_counts() }}
    from events_to_process
    group by account_id, usage_month

),

final as (

    select
        account_id,
        usage_month,
        cast(active_days as {{ dbt.type_int() }}) as active_days,
        {{ usage_event_count_columns() }}
        last_loaded_at
    from aggregated

)

select * from final
