{#
    The body of int_account_usage_rollups_aggregated: the events of `events_sql` (a query giving clean
    events with usage_date and usage_month, from usage_events_to_process) rolled up at five grains
    (rollup_grain): day, feature_day, month, feature_month, user_month. One wide aggregate per
    account, day and feature (null: none) gives every sum; distinct users and features are counted as
    rows of narrow key-only aggregates (user-days, feature-user-days). It is a macro because a full
    refresh runs it once per month of events (insert_usage_rollup_batches).

    Incremental (`checked`: the events data-quality step; `events_sql` then holds the tail events of
    each touched account-month, usage_rollup_tails): the day and feature-day rows of the tail days come
    from those events, the month-to-date metered units continue from the stored days before the tail,
    and the month and feature-month rows re-add the month's day rows (stored days before the tail and
    the new ones), so they are the sums a full refresh takes. User-days come from every event of the
    touched month (`month_events_sql`, narrow): distinct active days per user need them all.
#}
{% macro usage_rollups_select(events_sql, incremental, checked=none, month_events_sql=none) -%}
with

events_to_process as {% if not incremental %}{{ inline_cte() }}{% endif %} (

    {{ events_sql }}

),
{%- if incremental %}

tails as (

    {{ usage_rollup_tails(checked) | indent(4) }}

),

stored_days_before_tail as (

    {#- the touched months' stored day and feature-day rows the pre-hook keeps #}
    select stored.*
    from {{ this }} as stored
    inner join tails
        on stored.account_id = tails.account_id
            and stored.usage_month = tails.usage_month
    where stored.rollup_grain in ('day', 'feature_day')
        and stored.usage_date < tails.tail_start
        and stored.usage_month >= cast({{ first_touched_month(checked) }} as date)

),

mtd_bases as (

    select
        account_id,
        usage_month,
        {{ exact_sum('metered_units') }} as metered_units_before
    from stored_days_before_tail
    where rollup_grain = 'day'
    group by account_id, usage_month

),

month_events as (

    {{ month_events_sql }}

),
{%- endif %}

day_features as (

    select
        account_id,
        usage_month,
        usage_date,
        feature_key,
        {{ usage_event_sums() }}
    from events_to_process
    group by account_id, usage_month, usage_date, feature_key

),

days_summed as (

    select
        account_id,
        usage_month,
        usage_date,
        {{ usage_event_resums() }}
    from day_features
    group by account_id, usage_month, usage_date

),

user_days as (

    {#- incremental: every day of the touched months (user-month rows need them all; the tail days'
        active users are joined to the tail's day rows only) #}
    select
        account_id,
        usage_month,
        usage_date,
        user_id,
        count(*) as events
    from {{ 'month_events' if incremental else 'events_to_process' }}
    where user_id is not null
    group by account_id, usage_month, usage_date, user_id

),

feature_users as (

    select
        account_id,
        usage_date,
        feature_key,
        count(*) as feature_users
    from (
        select
            account_id,
            usage_date,
            feature_key,
            user_id
        from events_to_process
        where event_name = 'feature_used' and feature_key is not null and user_id is not null
        group by account_id, usage_date, feature_key, user_id
    ) as feature_user_days
    group by account_id, usage_date, feature_key

),

users_by_day as (

    select
        account_id,
        usage_date,
        count(*) as active_users
    from user_days
    group by account_id, usage_date

),

features_used_by_day as (

    select
        account_id,
        usage_date,
        count(*) as features_used
    from day_features
    where feature_key is not null and feature_events > 0
    group by account_id, usage_date

),

feature_days_with_users as (

    select
        day_features.*,
        coalesce(feature_users.feature_users, 0) as feature_users
    from day_features
    left join feature_users
        on day_features.account_id = feature_users.account_id
            and day_features.usage_date = feature_users.usage_date
            and day_features.feature_key = feature_users.feature_key
    where day_features.feature_key is not null

),
{%- if incremental %}

month_days as (

    {#- every day row of the touched months: the stored ones before the tail, then the tail #}
    select
        account_id,
        usage_month,
        {{ usage_rollup_count_columns() }}
    from stored_days_before_tail
    where rollup_grain = 'day'

    union all

    select
        account_id,
        usage_month,
        {{ usage_rollup_count_columns() }}
    from days_summed

),

month_feature_days as (

    select
        account_id,
        usage_month,
        feature_key,
        active_users as feature_users,
        {{ usage_rollup_count_columns() }}
    from stored_days_before_tail
    where rollup_grain = 'feature_day'

    union all

    select
        account_id,
        usage_month,
        feature_key,
        feature_users,
        {{ usage_rollup_count_columns() }}
    from feature_days_with_users

),
{%- endif %}

user_months as (

    select
        account_id,
        usage_month,
        user_id,
        count(*) as active_days,
        sum(events) as events
    from user_days
    group by account_id, usage_month, user_id

),

users_by_month as (

    select
        account_id,
        usage_month,
        count(*) as active_users
    from user_months
    group by account_id, usage_month

),

features_by_month as (

    select
        account_id,
        usage_month,
        count(distinct feature_key) as features_used
    from {{ 'month_feature_days' if incremental else 'feature_days_with_users' }}
    where feature_events > 0
    group by account_id, usage_month

),

feature_months as (

    select
        feature_days.account_id,
        feature_days.usage_month,
        feature_days.feature_key,
        sum(case when feature_days.feature_events > 0 then 1 else 0 end) as active_days,
        max(feature_days.feature_users) as peak_daily_users,
        {{ usage_event_resums() }}
    from {{ 'month_feature_days' if incremental else 'feature_days_with_users' }} as feature_days
    group by feature_days.account_id, feature_days.usage_month, feature_days.feature_key

),

months as (

    select
        account_id,
        usage_month,
        count(*) as active_days,
        {{ usage_event_resums() }}
    from {{ 'month_days' if incremental else 'days_summed' }}
    group by account_id, usage_month

),

final as (

    select
        days_summed.account_id,
        days_summed.usage_month,
        days_summed.usage_date,
        cast(null as {{ dbt.type_string() }}) as feature_key,
        cast(null as {{ dbt.type_string() }}) as user_id,
        'day' as rollup_grain,
        cast(coalesce(users_by_day.active_users, 0) as {{ dbt.type_int() }}) as active_users,
        cast(coalesce(features_used_by_day.features_used, 0) as {{ dbt.type_int() }}) as features_used,
        cast(null as {{ dbt.type_int() }}) as active_days,
        cast(null as {{ dbt.type_int() }}) as peak_daily_users,
        cast(
            {%- if incremental %}
            coalesce(mtd_bases.metered_units_before, 0) +
            {%- endif %}
            sum(days_summed.metered_units) over (
                partition by days_summed.account_id, days_summed.usage_month
                order by days_summed.usage_date
                rows between unbounded preceding and current row
            ) as {{ type_double() }}
        ) as metered_units_mtd,
        {{ usage_event_count_columns('days_summed') }},
        {{ build_instant() }} as _built_at
    from days_summed
    left join users_by_day
        on days_summed.account_id = users_by_day.account_id
            and days_summed.usage_date = users_by_day.usage_date
    left join features_used_by_day
        on days_summed.account_id = features_used_by_day.account_id
            and days_summed.usage_date = features_used_by_day.usage_date
    {%- if incremental %}
    left join mtd_bases
        on days_summed.account_id = mtd_bases.account_id
            and days_summed.usage_month = mtd_bases.usage_month
    {%- endif %}

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
        cast(null as {{ dbt.type_int() }}) as peak_daily_users,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('feature_days') }},
        {{ build_instant() }} as _built_at
    from feature_days_with_users as feature_days

    union all

    select
        months.account_id,
        months.usage_month,
        cast(null as date) as usage_date,
        cast(null as {{ dbt.type_string() }}) as feature_key,
        cast(null as {{ dbt.type_string() }}) as user_id,
        'month' as rollup_grain,
        cast(coalesce(users_by_month.active_users, 0) as {{ dbt.type_int() }}) as active_users,
        cast(coalesce(features_by_month.features_used, 0) as {{ dbt.type_int() }}) as features_used,
        cast(months.active_days as {{ dbt.type_int() }}) as active_days,
        cast(null as {{ dbt.type_int() }}) as peak_daily_users,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('months') }},
        {{ build_instant() }} as _built_at
    from months
    left join users_by_month
        on months.account_id = users_by_month.account_id
            and months.usage_month = users_by_month.usage_month
    left join features_by_month
        on months.account_id = features_by_month.account_id
            and months.usage_month = features_by_month.usage_month

    union all

    select
        feature_months.account_id,
        feature_months.usage_month,
        cast(null as date) as usage_date,
        feature_months.feature_key,
        cast(null as {{ dbt.type_string() }}) as user_id,
        'feature_month' as rollup_grain,
        cast(null as {{ dbt.type_int() }}) as active_users,
        cast(null as {{ dbt.type_int() }}) as features_used,
        cast(feature_months.active_days as {{ dbt.type_int() }}) as active_days,
        cast(feature_months.peak_daily_users as {{ dbt.type_int() }}) as peak_daily_users,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('feature_months') }},
        {{ build_instant() }} as _built_at
    from feature_months

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
        cast(null as {{ dbt.type_int() }}) as peak_daily_users,
        cast(null as {{ type_double() }}) as metered_units_mtd,
        {{ usage_event_count_columns('user_months', only=['events']) }},
        {{ build_instant() }} as _built_at
    from user_months

)

select * from final
{%- endmacro %}
