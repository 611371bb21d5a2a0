{#-
    Product signals per scored account-month (grain of int_account_score_months_spined): activity in
    the month, the three months before it (for growth), what the account has licensed at month end,
    feature adoption to date and departments active in the month (int_account_adoption_signals_monthly).
-#}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

usage_months as (

    select * from {{ ref('int_account_usage_months_aggregated') }}

),

plan_usage_months as (

    select * from {{ ref('int_account_plan_usage_months_summarised') }}

),

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

adoption as (

    select * from {{ ref('int_account_adoption_signals_monthly') }}

),

current_month as (

    select
        spine.account_id,
        spine.score_month,
        usage_months.active_users,
        usage_months.active_days,
        usage_months.events,
        usage_months.features_used,
        usage_months.usage_limit_hits,
        usage_months.feature_gate_hits
    from spine
    left join usage_months
        on spine.account_id = usage_months.account_id
            and spine.score_month = usage_months.usage_month

),

prior_months as (

    select
        spine.account_id,
        spine.score_month,
        sum(usage_months.events) / 3.0 as events_prior_3m_avg,
        sum(usage_months.active_users) / 3.0 as active_users_prior_3m_avg
    from spine
    inner join usage_months
        on spine.account_id = usage_months.account_id
            and usage_months.usage_month >= cast({{ dbt.dateadd('month', -3, 'spine.score_month') }} as date)
            and spine.score_month > usage_months.usage_month
    group by spine.account_id, spine.score_month

),

integrations_to_date as (

    select
        spine.account_id,
        spine.score_month,
        sum(usage_months.integrations_created) as integrations_total
    from spine
    inner join usage_months
        on spine.account_id = usage_months.account_id
            and spine.score_month >= usage_months.usage_month
    group by spine.account_id, spine.score_month

),

entitlements as (

    select
        spine.account_id,
        spine.score_month,
        sum(
            case
                when subscription_items.is_addon then 0
                when subscription_items.pricing_model = 'per_seat' then subscription_items.quantity
                when subscription_items.pricing_model = 'flat' then subscription_items.included_seats
                else 0
            end
        ) as licensed_seats,
        count(distinct case when subscription_items.quantity > 0 then subscription_items.product_line end)
            as product_lines_owned
    from spine
    inner join subscription_items
        on spine.account_id = subscription_items.account_id
            and spine.month_end_date >= subscription_items.valid_from_date
            and (
                spine.month_end_date < subscription_items.valid_to_date
                or subscription_items.valid_to_date is null
            )
    group by spine.account_id, spine.score_month

),

final as (

    select
        spine.account_id,
        spine.score_month,
        cast(coalesce(current_month.active_users, 0) as {{ dbt.type_int() }}) as active_users,
        cast(coalesce(current_month.active_days, 0) as {{ dbt.type_int() }}) as active_days,
        cast(coalesce(current_month.events, 0) as {{ dbt.type_bigint() }}) as events,
        cast(coalesce(current_month.features_used, 0) as {{ dbt.type_int() }}) as features_used,
        cast(coalesce(current_month.usage_limit_hits, 0) as {{ dbt.type_int() }}) as usage_limit_hits,
        cast(coalesce(current_month.feature_gate_hits, 0) as {{ dbt.type_int() }}) as feature_gate_hits_month,
        cast(coalesce(plan_usage_months.active_user_days, 0) as {{ dbt.type_int() }}) as active_user_days,
        cast(prior_months.events_prior_3m_avg as {{ type_double() }}) as events_prior_3m_avg,
        cast(prior_months.active_users_prior_3m_avg as {{ type_double() }}) as active_users_prior_3m_avg,
        cast(coalesce(integrations_to_date.integrations_total, 0) as {{ dbt.type_int() }}) as integrations_total,
        cast(plan_usage_months.month_end_usage_utilisation as {{ type_double() }}) as usage_utilisation,
        cast(entitlements.licensed_seats as {{ type_double() }}) as licensed_seats,
        cast(coalesce(entitlements.product_lines_owned, 0) as {{ dbt.type_int() }}) as product_lines_owned,
        cast(coalesce(adoption.known_users, 0) as {{ dbt.type_int() }}) as known_users,
        cast(coalesce(adoption.departments_active, 0) as {{ dbt.type_int() }}) as departments_active,
        cast(coalesce(adoption.features_adopted, 0) as {{ dbt.type_int() }}) as features_adopted,
        cast(coalesce(adoption.core_features_adopted, 0) as {{ dbt.type_int() }}) as core_features_adopted,
        cast(coalesce(adoption.features_newly_adopted_3m, 0) as {{ dbt.type_int() }})
            as features_newly_adopted_3m,
        cast(coalesce(adoption.premium_features_used, 0) as {{ dbt.type_int() }}) as premium_features_used
    from spine
    left join current_month
        on spine.account_id = current_month.account_id
            and spine.score_month = current_month.score_month
    left join plan_usage_months
        on spine.account_id = plan_usage_months.account_id
            and spine.score_month = plan_usage_months.usage_month
    left join prior_months
        on spine.account_id = prior_months.account_id
            and spine.score_month = prior_months.score_month
    left join integrations_to_date
        on spine.account_id = integrations_to_date.account_id
            and spine.score_month = integrations_to_date.score_month
    left join adoption
        on spine.account_id = adoption.account_id
            and spine.score_month = adoption.score_month
    left join entitlements
        on spine.account_id = entitlements.account_id
            and spine.score_month = entitlements.score_month

)

select * from final
