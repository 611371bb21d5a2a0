{#-
    The one incremental step of the usage path: the clean events of every account-month that changed
    are read once and rolled up, in one pass, at four grains (rollup_grain):
      day          one row per account and day
      feature_day  one row per account, day and feature (events naming a feature)
      month        one row per account and month
      user_month   one row per account, month and user (events with a user), the events' counts
    int_account_usage_days_aggregated, int_account_feature_usage_days_aggregated and
    int_account_usage_months_aggregated are views over it (user_month: departments active, in scores).
    The events are first summed per account,
    day, user and feature; every coarser grain adds those sums up, and distinct users and features
    are counted as rows of a finer grain, so no distinct aggregate runs over the events. Whole
    account-months are reprocessed (macro usage_events_to_process), so an incremental run equals a
    full refresh. Spark: a table rebuilt each run (rollup_materialization).
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

    {{ usage_events_to_process('events', ref('int_usage__events_checked')) }}

),

user_feature_days as (

    select
        account_id,
        usage_month,
        usage_date,
        user_id,
        feature_key,
        {{ usage_event_sums() }}
    from events_to_process
    group by account_id, usage_month, usage_date, user_id, feature_key

),

feature_days as (

    select
        account_id,
        usage_month,
        usage_date,
        feature_key,
        count(case when feature_events > 0 then user_id end) as feature_users,
        {{ usage_event_resums() }}
    from user_feature_days
    where feature_key is not null
    group by account_id, usage_month, usage_date, feature_key

),

user_days as (

    select
        account_id,
        usage_month,
        usage_date,
        user_id,
        {{ usage_event_resums() }}
    from user_feature_days
    group by account_id, usage_month, usage_date, user_id

),

days as (

    select
        account_id,
        usage_month,
        usage_date,
        count(user_id) as active_users,
        {{ usage_event_resums() }}
    from user_days
    group by account_id, usage_month, usage_date

),

features_used_by_day as (

    select
        account_id,
        usage_date,
        count(*) as features_used
    from feature_days
    where feature_events > 0
    group by account_id, usage_date

),

user_months as (

    select
        account_id,
        usage_month,
        user_id,
        count(*) as active_days,
        {{ usage_event_resums() }}
    from user_days
    group by account_id, usage_month, user_id

),

users_by_month as (

    select
        account_id,
        usage_month,
        count(user_id) as active_users
    from user_months
    group by account_id, usage_month

),

features_by_month as (

    select
        account_id,
        usage_month,
        count(distinct feature_key) as features_used
    from feature_days
    where feature_events > 0
    group by account_id, usage_month

),

months as (

    select
        account_id,
        usage_month,
        count(*) as active_days,
        {{ usage_event_resums() }}
    from days
    group by account_id, usage_month

),

unioned as (

    select
        days.account_id,
        days.usage_month,
        days.usage_date,
        cast(null as {{ dbt.type_string() }}) as feature_key,
        cast(null as {{ dbt.type_string() }}) as user_id,
        'day' as rollup_grain,
        cast(days.active_users as {{ dbt.type_int() }}) as active_users,
        cast(coalesce(features_used_by_day.features_used, 0) as {{ dbt.type_int() }}) as features_used,
        cast(null as {{ dbt.type_int() }}) as active_days,
        cast(
            sum(days.metered_units) over (
                partition by days.account_id, days.usage_month
                order by days.usage_date
                rows between unbounded preceding and current row
            ) as {{ type_double() }}
        ) as metered_units_mtd,
        {{ usage_event_count_columns('days') }}
    from days
    left join features_used_by_day
        on days.account_id = features_used_by_day.account_id
            and days.usage_date = features_used_by_day.usage_date

    union all

    select
        feature_days.account_id,
        feature_days.usage_month,
        feature_days.usage_date,
        feature_days.feature_key,
        cast(null as {{ dbt.type_string() }}) as user_id,
        'feature_day' as rollup_grain,
        cast(feature_days.feature_users as {{ dbt.type_int() }}) as active_users,
        cast(null as {{ dbt.type_int() }}) as features_used,
        cast(null as {{ dbt.type_int() }}) as active_days,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('feature_days') }}
    from feature_days

    union all

    select
        months.account_id,
        months.usage_month,
        cast(null as date) as usage_date,
        cast(null as {{ dbt.type_string() }}) as feature_key,
        cast(null as {{ dbt.type_string() }}) as user_id,
        'month' as rollup_grain,
        cast(users_by_month.active_users as {{ dbt.type_int() }}) as active_users,
        cast(coalesce(features_by_month.features_used, 0) as {{ dbt.type_int() }}) as features_used,
        cast(months.active_days as {{ dbt.type_int() }}) as active_days,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('months') }}
    from months
    inner join users_by_month
        on months.account_id = users_by_month.account_id
            and months.usage_month = users_by_month.usage_month
    left join features_by_month
        on months.account_id = features_by_month.account_id
            and months.usage_month = features_by_month.usage_month

    union all

    select
        user_months.account_id,
        user_months.usage_month,
        cast(null as date) as usage_date,
        cast(null as {{ dbt.type_string() }}) as feature_key,
        user_months.user_id,
        'user_month' as rollup_grain,
        cast(null as {{ dbt.type_int() }}) as active_users,
        cast(null as {{ dbt.type_int() }}) as features_used,
        cast(user_months.active_days as {{ dbt.type_int() }}) as active_days,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('user_months') }}
    from user_months
    where user_months.user_id is not null

),

final as (

    select
        unioned.*,
        {{ build_instant() }} as _built_at
    from unioned

)

select * from final
