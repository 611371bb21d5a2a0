{#-
    One row per account per day with at least one clean event: active users, sessions, feature use,
    gate and limit hits, metered units (day and month to date). Built from events alone, so an
    incremental run (late-arrival lookback, see macro usage_events_to_process) equals a full refresh;
    plan limits and seats are joined on top in int_account_usage_days_joined_to_plans.
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
        usage_date,
        usage_month,
        {{ usage_event_counts() }}
    from events_to_process
    group by account_id, usage_date, usage_month

),

month_to_date as (

    select
        aggregated.*,
        sum(aggregated.metered_units) over (
            partition by aggregated.account_id, aggregated.usage_month
            order by aggregated.usage_date
            rows between unbounded preceding and current row
        ) as metered_units_mtd
    from aggregated

),

final as (

    select
        account_id,
        usage_date,
        usage_month,
        {{ usage_event_count_columns() }}
        cast(metered_units_mtd as {{ type_double() }}) as metered_units_mtd,
        last_loaded_at
    from month_to_date

)

select * from final
