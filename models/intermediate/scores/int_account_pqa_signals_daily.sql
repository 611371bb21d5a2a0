{#-
    One row per account and calendar day, from the account's first product event through the as-of
    date, idle days included (zeros), with the counts the PQA score credits: active and inactive
    users (users on file that day without an event) and each qualifying product behaviour.

    Incremental (DuckDB): the pre-hook (macro delete_stale_pqa_signal_days) deletes the days that
    changed since the last build: from the first day with a re-checked event, from the first day
    whose user changes differ from the stored ones, and past the as-of date. This model then
    continues every account from its last stored day (the users on file carried over) to the as-of
    date, so an incremental build equals a full refresh. The hook and the insert run in one
    transaction. Spark: a table rebuilt each run.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_stale_pqa_signal_days() }}",
    )
}}
-- depends_on: {{ ref('int_usage__events_checked') }} (read by the pre-hook)

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

user_changes_by_day as (

    {{ pqa_user_changes_by_day('users') | indent(4) }}

),

first_days as (

    select
        account_id,
        min(usage_date) as first_usage_date
    from usage_days
    group by account_id

),

{%- if is_incremental() %}

stored_last_days as (

    {{ last_stored_rows('score_date') | indent(4) }}

),

{%- endif %}

account_starts as (

    select
        first_days.account_id,
        first_days.first_usage_date,
        {%- if is_incremental() %}
        coalesce(
            cast({{ dbt.dateadd('day', 1, 'stored_last_days.score_date') }} as date),
            first_days.first_usage_date
        ) as start_date,
        stored_last_days.users_on_file as users_on_file_before_start
        {%- else %}
            first_days.first_usage_date as start_date,
            cast(null as {{ dbt.type_int() }}) as users_on_file_before_start
        {%- endif %}
    from first_days
    {%- if is_incremental() %}
    left join stored_last_days
        on first_days.account_id = stored_last_days.account_id
    {%- endif %}

),

account_days as (

    select
        account_starts.account_id,
        cast(day_spine.date_day as date) as score_date
    from account_starts
    cross join as_of
    inner join day_spine
        on cast(day_spine.date_day as date) >= account_starts.start_date
            and cast(day_spine.date_day as date) <= as_of.as_of_date

),

users_before_start as (

    select
        account_starts.account_id,
        coalesce(
            max(account_starts.users_on_file_before_start),
            sum(user_changes_by_day.user_delta),
            0
        ) as users_on_file
    from account_starts
    left join user_changes_by_day
        on account_starts.account_id = user_changes_by_day.account_id
            and account_starts.start_date > user_changes_by_day.change_date
            and account_starts.users_on_file_before_start is null
    group by account_starts.account_id

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
        users_before_start.users_on_file
        + sum(daily.user_delta) over (
            partition by daily.account_id
            order by daily.score_date
            rows between unbounded preceding and current row
        ) as users_on_file
    from daily
    inner join users_before_start
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
        cast(admin_settings_changes as {{ dbt.type_int() }}) as admin_settings_changes,
        cast(user_delta as {{ dbt.type_int() }}) as user_delta,
        cast(users_on_file as {{ dbt.type_int() }}) as users_on_file,
        {{ build_instant() }} as _built_at
    from with_users_on_file

)

select * from final
