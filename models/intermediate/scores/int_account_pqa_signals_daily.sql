{#-
    One row per account and calendar day, from the account's first product event through the as-of
    date, idle days included (zeros), with the counts the PQA score credits: active and inactive
    users (users on file that day without an event) and each qualifying product behaviour.
-#}
with

usage_days as (

    select * from {{ ref('int_account_usage_days_aggregated') }}

),

users as (

    select * from {{ ref('int_usage__users_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

day_spine as (

    {{ dbt.date_spine(
        datepart='day',
        start_date="cast('2015-01-01' as date)",
        end_date="cast('2035-01-01' as date)",
    ) }}

),

first_days as (

    select
        account_id,
        min(usage_date) as first_usage_date
    from usage_days
    group by account_id

),

account_days as (

    select
        first_days.account_id,
        cast(day_spine.date_day as date) as score_date
    from first_days
    cross join as_of
    inner join day_spine
        on cast(day_spine.date_day as date) >= first_days.first_usage_date
            and cast(day_spine.date_day as date) <= as_of.as_of_date

),

user_changes as (

    select
        account_id,
        cast(created_at as date) as change_date,
        1 as user_delta
    from users
    where created_at is not null

    union all

    select
        account_id,
        cast(deactivated_at as date) as change_date,
        -1 as user_delta
    from users
    where deactivated_at is not null

),

user_changes_by_day as (

    select
        account_id,
        change_date,
        sum(user_delta) as user_delta
    from user_changes
    group by account_id, change_date

),

users_before_start as (

    select
        first_days.account_id,
        sum(user_changes_by_day.user_delta) as users_on_file
    from first_days
    inner join user_changes_by_day
        on first_days.account_id = user_changes_by_day.account_id
            and first_days.first_usage_date > user_changes_by_day.change_date
    group by first_days.account_id

),

daily as (

    select
        account_days.account_id,
        account_days.score_date,
        coalesce(usage_days.active_users, 0) as active_users,
        coalesce(user_changes_by_day.user_delta, 0) as user_delta,
        coalesce(usage_days.core_features_activated, 0) as core_features_activated,
        coalesce(usage_days.users_invited, 0) as users_invited,
        coalesce(usage_days.usage_limit_hits, 0) as usage_limit_hits,
        coalesce(usage_days.feature_gate_hits, 0) as feature_gate_hits,
        coalesce(usage_days.integrations_created, 0) as integrations_created,
        coalesce(usage_days.data_imports, 0) as data_imports,
        coalesce(usage_days.admin_settings_changes, 0) as admin_settings_changes
    from account_days
    left join usage_days
        on account_days.account_id = usage_days.account_id
            and account_days.score_date = usage_days.usage_date
    left join user_changes_by_day
        on account_days.account_id = user_changes_by_day.account_id
            and account_days.score_date = user_changes_by_day.change_date

),

with_users_on_file as (

    select
        daily.*,
        coalesce(users_before_start.users_on_file, 0)
        + sum(daily.user_delta) over (
            partition by daily.account_id
            order by daily.score_date
            rows between unbounded preceding and current row
        ) as users_on_file
    from daily
    left join users_before_start
        on daily.account_id = users_before_start.account_id

),

final as (

    select
        account_id,
        score_date,
        cast(active_users as {{ dbt.type_int() }}) as active_users,
        cast(
            case when users_on_file > active_users then users_on_file - active_users else 0 end
            as {{ dbt.type_int() }}
        ) as inactive_users,
        cast(core_features_activated as {{ dbt.type_int() }}) as core_features_activated,
        cast(users_invited as {{ dbt.type_int() }}) as users_invited,
        cast(usage_limit_hits as {{ dbt.type_int() }}) as usage_limit_hits,
        cast(feature_gate_hits as {{ dbt.type_int() }}) as feature_gate_hits,
        cast(integrations_created as {{ dbt.type_int() }}) as integrations_created,
        cast(data_imports as {{ dbt.type_int() }}) as data_imports,
        cast(admin_settings_changes as {{ dbt.type_int() }}) as admin_settings_changes
    from with_users_on_file

)

select * from final
