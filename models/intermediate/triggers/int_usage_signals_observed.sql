{#-
    Monthly usage trigger conditions, observed at each closed month's end for every account-month of
    int_account_usage_months_spined, whether or not the condition holds, together with its state at
    the previous month's end (was_condition_met) so the firing model can keep transitions only.
    Thresholds come from the trigger_catalogue seed.
      usage_limit_80pct   month-end utilisation >= threshold for persistence_periods months in a row
      seats_90pct_active  monthly active users / licensed seats >= threshold
      power_user          events per active user >= threshold x the segment's average that month
      dau_wau_growth      average daily active users >= (1 + threshold) x last month's, which was at
                          least secondary_threshold_value
      login_drop_40pct    sessions <= (1 - threshold) x last month's, which were at least
                          secondary_threshold_value
      usage_plateau_30d   events within +/- threshold of last month's (last month > 0) and no
                          feature newly adopted
-#}
with

usage_months as (

    select * from {{ ref('int_account_usage_months_spined') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

with_previous as (

    select
        *,
        lag(average_daily_active_users) over (partition by account_id order by usage_month)
            as previous_average_daily_active_users,
        lag(sessions) over (partition by account_id order by usage_month) as previous_sessions,
        lag(events) over (partition by account_id order by usage_month) as previous_events,
        row_number() over (partition by account_id order by usage_month) as month_number
    from usage_months

),

usage_limit_flagged as (

    select
        with_previous.*,
        catalogue.threshold_value,
        catalogue.persistence_periods,
        coalesce(with_previous.month_end_usage_utilisation >= catalogue.threshold_value, false) as is_over_limit
    from with_previous
    inner join catalogue
        on catalogue.trigger_key = 'usage_limit_80pct'

),

usage_limit_runs as (

    select
        *,
        month_number - row_number() over (partition by account_id, is_over_limit order by usage_month) as run_id
    from usage_limit_flagged

),

usage_limit_observed as (

    select
        account_id,
        'usage_limit_80pct' as trigger_key,
        month_closed_at as observed_at,
        is_over_limit
        and row_number() over (partition by account_id, is_over_limit, run_id order by usage_month)
        >= persistence_periods as is_condition_met,
        month_end_usage_utilisation as signal_value,
        threshold_value,
        'month-end utilisation of the metered allowance' as signal_detail
    from usage_limit_runs

),

seats_observed as (

    select
        with_previous.account_id,
        'seats_90pct_active' as trigger_key,
        with_previous.month_closed_at as observed_at,
        coalesce(with_previous.active_users_per_seat >= catalogue.threshold_value, false) as is_condition_met,
        with_previous.active_users_per_seat as signal_value,
        catalogue.threshold_value,
        'monthly active users per licensed seat' as signal_detail
    from with_previous
    inner join catalogue
        on catalogue.trigger_key = 'seats_90pct_active'

),

power_user_observed as (

    select
        with_previous.account_id,
        'power_user' as trigger_key,
        with_previous.month_closed_at as observed_at,
        coalesce(
            with_previous.events_per_active_user
            >= catalogue.threshold_value * with_previous.segment_events_per_active_user,
            false
        ) as is_condition_met,
        with_previous.events_per_active_user / nullif(with_previous.segment_events_per_active_user, 0)
            as signal_value,
        catalogue.threshold_value,
        'events per active user / segment average' as signal_detail
    from with_previous
    inner join catalogue
        on catalogue.trigger_key = 'power_user'

),

dau_growth_observed as (

    select
        with_previous.account_id,
        'dau_wau_growth' as trigger_key,
        with_previous.month_closed_at as observed_at,
        coalesce(
            with_previous.previous_average_daily_active_users >= catalogue.secondary_threshold_value
            and with_previous.average_daily_active_users
            >= (1 + catalogue.threshold_value) * with_previous.previous_average_daily_active_users,
            false
        ) as is_condition_met,
        with_previous.average_daily_active_users / nullif(with_previous.previous_average_daily_active_users, 0)
        - 1 as signal_value,
        catalogue.threshold_value,
        'month-over-month growth of average daily active users' as signal_detail
    from with_previous
    inner join catalogue
        on catalogue.trigger_key = 'dau_wau_growth'

),

login_drop_observed as (

    select
        with_previous.account_id,
        'login_drop_40pct' as trigger_key,
        with_previous.month_closed_at as observed_at,
        coalesce(
            with_previous.previous_sessions >= catalogue.secondary_threshold_value
            and with_previous.sessions <= (1 - catalogue.threshold_value) * with_previous.previous_sessions,
            false
        ) as is_condition_met,
        1 - 1e0 * with_previous.sessions / nullif(with_previous.previous_sessions, 0) as signal_value,
        catalogue.threshold_value,
        'month-over-month drop in sessions' as signal_detail
    from with_previous
    inner join catalogue
        on catalogue.trigger_key = 'login_drop_40pct'

),

plateau_observed as (

    select
        with_previous.account_id,
        'usage_plateau_30d' as trigger_key,
        with_previous.month_closed_at as observed_at,
        coalesce(
            with_previous.previous_events > 0
            and abs(1e0 * with_previous.events / with_previous.previous_events - 1) <= catalogue.threshold_value
            and with_previous.features_newly_adopted = 0,
            false
        ) as is_condition_met,
        1e0 * with_previous.events / nullif(with_previous.previous_events, 0) - 1 as signal_value,
        catalogue.threshold_value,
        'month-over-month change in events, no new feature adopted' as signal_detail
    from with_previous
    inner join catalogue
        on catalogue.trigger_key = 'usage_plateau_30d'

),

unioned as (

    select * from usage_limit_observed
    union all
    select * from seats_observed
    union all
    select * from power_user_observed
    union all
    select * from dau_growth_observed
    union all
    select * from login_drop_observed
    union all
    select * from plateau_observed

),

final as (

    select
        account_id,
        trigger_key,
        observed_at,
        is_condition_met,
        {{ previous_state('is_condition_met', 'account_id, trigger_key', 'observed_at') }} as was_condition_met,
        cast(signal_value as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        signal_detail
    from unioned

)

select * from final
