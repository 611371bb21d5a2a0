{#-
    One row per account, day and feature with at least one clean event naming the feature: uses,
    users, gate and limit hits, metered units. Incremental like int_account_usage_days_aggregated.
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
        feature_key,
        count(*) as events,
        sum(case when event_name = 'feature_used' then 1 else 0 end) as uses,
        count(distinct case when event_name = 'feature_used' then user_id end) as active_users,
        sum(case when event_name = 'feature_gate_hit' then 1 else 0 end) as feature_gate_hits,
        sum(case when event_name = 'usage_limit_hit' then 1 else 0 end) as usage_limit_hits,
        sum(case when event_name = 'core_feature_activated' then 1 else 0 end) as activations,
        sum(case when event_name = 'metered_usage' then quantity else 0 end) as metered_units,
        max(_loaded_at) as last_loaded_at
    from events_to_process
    where feature_key is not null
    group by account_id, usage_date, usage_month, feature_key

),

final as (

    select
        account_id,
        usage_date,
        usage_month,
        feature_key,
        cast(events as {{ dbt.type_int() }}) as events,
        cast(uses as {{ dbt.type_int() }}) as uses,
        cast(active_users as {{ dbt.type_int() }}) as active_users,
        cast(feature_gate_hits as {{ dbt.type_int() }}) as feature_gate_hits,
        cast(usage_limit_hits as {{ dbt.type_int() }}) as usage_limit_hits,
        cast(activations as {{ dbt.type_int() }}) as activations,
        cast(metered_units as {{ type_double() }}) as metered_units,
        last_loaded_at
    from aggregated

)

select * from final
