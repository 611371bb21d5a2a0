{#-
    One row per account per day with at least one clean event: active users, sessions, feature use,
    gate and limit hits, metered units (day and month to date). A view over the day grain of
    int_account_usage_rollups_aggregated (the incremental step); plan limits and seats are joined on
    top in int_account_usage_days_joined_to_plans.
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
        active_users,
        events,
        sessions,
        feature_events,
        features_used,
        usage_limit_hits,
        feature_gate_hits,
        users_invited,
        integrations_created,
        data_imports,
        admin_settings_changes,
        core_features_activated,
        metered_units,
        metered_units_mtd,
        first_user_invited_at,
        last_user_invited_at,
        last_loaded_at
    from rollups
    where rollup_grain = 'day'

)

select * from final
