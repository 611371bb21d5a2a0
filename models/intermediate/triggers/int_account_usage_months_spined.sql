{#-
    One row per account and closed month, from the account's first month with usage through the
    last month that ended on or before the reporting date, months without events included (zeros).
    Carries what the monthly usage triggers compare: month-end utilisation of the metered allowance,
    monthly active users per licensed seat, average daily active users, sessions, events, events per
    active user against the segment average, and features newly adopted.
-#}
with

plan_usage_months as (

    select * from {{ ref('int_account_plan_usage_months_summarised') }}

),

usage_months as (

    select * from {{ ref('int_account_usage_months_aggregated') }}

),

feature_months as (

    select * from {{ ref('int_account_feature_months_adopted') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

months as (

    {{ dbt.date_spine(
        'month',
        "cast('" ~ var('calendar_start_date') ~ "' as date)",
        "cast('" ~ var('calendar_end_date') ~ "' as date)"
    ) }}

),

closed_months as (

    select cast(months.date_month as date) as usage_month
    from months
    cross join as_of
    where cast({{ dbt.dateadd('month', 1, 'months.date_month') }} as date) <= as_of.as_of_date

),

account_ranges as (

    select
        account_id,
        min(usage_month) as first_usage_month
    from usage_months
    group by account_id

),

spined as (

    select
        account_ranges.account_id,
        closed_months.usage_month
    from account_ranges
    inner join closed_months
        on account_ranges.first_usage_month <= closed_months.usage_month

),

features_summarised as (

    select
        account_id,
        usage_month,
        sum(case when is_newly_adopted then 1 else 0 end) as features_newly_adopted
    from feature_months
    group by account_id, usage_month

),

joined as (

    select
        spined.account_id,
        spined.usage_month,
        accounts.segment,
        plan_usage_months.month_end_usage_utilisation,
        plan_usage_months.licensed_seats,
        coalesce(usage_months.active_users, 0) as monthly_active_users,
        coalesce(usage_months.sessions, 0) as sessions,
        coalesce(usage_months.events, 0) as events,
        coalesce(features_summarised.features_newly_adopted, 0) as features_newly_adopted,
        1e0 * coalesce(plan_usage_months.active_user_days, 0)
        / {{ dbt.datediff('spined.usage_month', dbt.dateadd('month', 1, 'spined.usage_month'), 'day') }}
            as average_daily_active_users
    from spined
    left join usage_months
        on spined.account_id = usage_months.account_id
            and spined.usage_month = usage_months.usage_month
    left join plan_usage_months
        on spined.account_id = plan_usage_months.account_id
            and spined.usage_month = plan_usage_months.usage_month
    left join features_summarised
        on spined.account_id = features_summarised.account_id
            and spined.usage_month = features_summarised.usage_month
    left join accounts
        on spined.account_id = accounts.account_id

),

with_intensity as (

    select
        *,
        case when monthly_active_users > 0 then 1e0 * events / monthly_active_users end as events_per_active_user
    from joined

),

final as (

    select
        account_id,
        usage_month,
        segment,
        cast(month_end_usage_utilisation as {{ type_double() }}) as month_end_usage_utilisation,
        cast(licensed_seats as {{ type_double() }}) as licensed_seats,
        cast(monthly_active_users as {{ dbt.type_int() }}) as monthly_active_users,
        cast(
            case when licensed_seats > 0 then monthly_active_users / licensed_seats end as {{ type_double() }}
        ) as active_users_per_seat,
        cast(average_daily_active_users as {{ type_double() }}) as average_daily_active_users,
        cast(sessions as {{ dbt.type_bigint() }}) as sessions,
        cast(events as {{ dbt.type_bigint() }}) as events,
        cast(events_per_active_user as {{ type_double() }}) as events_per_active_user,
        cast(
            {{ exact_avg('events_per_active_user', over='partition by segment, usage_month') }} as {{ type_double() }}
        ) as segment_events_per_active_user,
        cast(features_newly_adopted as {{ dbt.type_int() }}) as features_newly_adopted,
        cast(
            {{ dbt.dateadd('month', 1, 'usage_month') }} as {{ dbt.type_timestamp() }}
        ) as month_closed_at
    from with_intensity

)

select * from final
