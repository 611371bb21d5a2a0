{#-
    One row per account per month with at least one clean event: monthly active users (distinct over
    the month), active days and the same event counts as the daily rollup. A view over the month
    grain of int_account_usage_rollups_aggregated (the incremental step).
-#}
{{ config(materialized='view') }}

with

rollups as (

    select * from {{ ref('int_account_usage_rollups_aggregated') }}

),

final as (

    select
        account_id,
        usage_month,
        active_days,
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
        last_loaded_at
    from rollups
    where rollup_grain = 'month'

)

select * from final
