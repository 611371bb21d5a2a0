{#-
    Monthly feature adoption: one row per account, month and feature the account touched that month
    (used it, hit its gate or its limit). A feature counts as adopted in a month when it was used;
    `is_newly_adopted` marks the account's first month of use. Reads the feature_month grain of the
    usage rollup (summed from its feature days in the same pass).
-#}
with

feature_months as (

    select * from {{ ref('int_account_usage_rollups_aggregated') }}
    where rollup_grain = 'feature_month'

),

features as (

    select * from {{ ref('int_usage__features_cleaned') }}

),

aggregated as (

    select
        account_id,
        usage_month,
        feature_key,
        feature_events as uses,
        active_days,
        peak_daily_users,
        feature_gate_hits,
        usage_limit_hits,
        core_features_activated as activations,
        metered_units
    from feature_months

),

first_use as (

    select
        account_id,
        feature_key,
        min(usage_month) as first_used_month
    from aggregated
    where uses > 0
    group by account_id, feature_key

),

final as (

    select
        aggregated.account_id,
        aggregated.usage_month,
        aggregated.feature_key,
        features.product_line,
        coalesce(features.is_core, false) as is_core,
        coalesce(features.is_premium, false) as is_premium,
        features.min_tier_rank,
        cast(aggregated.uses as {{ dbt.type_int() }}) as uses,
        cast(aggregated.active_days as {{ dbt.type_int() }}) as active_days,
        cast(aggregated.peak_daily_users as {{ dbt.type_int() }}) as peak_daily_users,
        cast(aggregated.feature_gate_hits as {{ dbt.type_int() }}) as feature_gate_hits,
        cast(aggregated.usage_limit_hits as {{ dbt.type_int() }}) as usage_limit_hits,
        cast(aggregated.activations as {{ dbt.type_int() }}) as activations,
        cast(aggregated.metered_units as {{ type_double() }}) as metered_units,
        aggregated.uses > 0 as is_adopted,
        first_use.first_used_month,
        coalesce(first_use.first_used_month = aggregated.usage_month, false) as is_newly_adopted
    from aggregated
    left join features
        on aggregated.feature_key = features.feature_key
    left join first_use
        on aggregated.account_id = first_use.account_id
            and aggregated.feature_key = first_use.feature_key

)

select * from final
