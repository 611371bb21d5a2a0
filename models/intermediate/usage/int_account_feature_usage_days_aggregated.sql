{#-
    One row per account, day and feature with at least one clean event naming the feature: uses,
    users, gate and limit hits, metered units. A view over the feature_day grain of
    int_account_usage_rollups_aggregated (the incremental step).
-#}
{{ config(materialized='view') }}

with

rollups as (

    select * from {{ ref('int_account_usage_rollups_aggregated') }}

),

final as (

    select
        account_id,
        usage_date,
        usage_month,
        feature_key,
        events,
        feature_events as uses,
        active_users,
        feature_gate_hits,
        usage_limit_hits,
        core_features_activated as activations,
        metered_units,
        first_feature_gate_hit_at,
        last_feature_gate_hit_at,
        last_loaded_at
    from rollups
    where rollup_grain = 'feature_day'

)

select * from final
