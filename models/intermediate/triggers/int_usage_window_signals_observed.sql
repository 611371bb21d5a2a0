{#-
    Rolling-window usage trigger conditions, observed on every day the account has a relevant event:
      gated_feature_hits  distinct features hit at their tier gate in the last window_days days
                          (the day included) reach the threshold
      teammates_invited   teammates invited in the last window_days days reach the threshold
    was_condition_met is the same condition over the window ending the day before, so a firing marks
    the day the window first crosses the threshold. Observed at the start of the day (day resolution).
-#}
with

feature_days as (

    select * from {{ ref('int_account_feature_usage_days_aggregated') }}

),

usage_days as (

    select * from {{ ref('int_account_usage_days_aggregated') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

gate_hits as (

    select distinct
        account_id,
        usage_date,
        feature_key
    from feature_days
    where feature_gate_hits > 0

),

gate_days as (

    select distinct
        account_id,
        usage_date
    from gate_hits

),

gate_windows as (

    select
        gate_days.account_id,
        gate_days.usage_date,
        catalogue.threshold_value,
        count(distinct case
            when gate_hits.usage_date > {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'gate_days.usage_date') }}
                then gate_hits.feature_key
        end) as features_in_window,
        count(distinct case
            when gate_hits.usage_date < gate_days.usage_date then gate_hits.feature_key
        end) as features_in_previous_window
    from gate_days
    inner join catalogue
        on catalogue.trigger_key = 'gated_feature_hits'
    inner join gate_hits
        on gate_days.account_id = gate_hits.account_id
            and gate_days.usage_date >= gate_hits.usage_date
            and gate_hits.usage_date
            >= {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'gate_days.usage_date') }}
    group by gate_days.account_id, gate_days.usage_date, catalogue.threshold_value

),

gate_observed as (

    select
        account_id,
        'gated_feature_hits' as trigger_key,
        cast(usage_date as {{ dbt.type_timestamp() }}) as observed_at,
        features_in_window >= threshold_value as is_condition_met,
        features_in_previous_window >= threshold_value as was_condition_met,
        features_in_window as signal_value,
        threshold_value,
        'distinct gated features hit in the window' as signal_detail
    from gate_windows

),

invite_days as (

    select
        account_id,
        usage_date,
        users_invited
    from usage_days
    where users_invited > 0

),

invite_windows as (

    select
        current_day.account_id,
        current_day.usage_date,
        catalogue.threshold_value,
        sum(case
            when window_day.usage_date
                > {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'current_day.usage_date') }}
                then window_day.users_invited
            else 0
        end) as invites_in_window,
        sum(case
            when window_day.usage_date < current_day.usage_date then window_day.users_invited else 0
        end) as invites_in_previous_window
    from invite_days as current_day
    inner join catalogue
        on catalogue.trigger_key = 'teammates_invited'
    inner join invite_days as window_day
        on current_day.account_id = window_day.account_id
            and current_day.usage_date >= window_day.usage_date
            and window_day.usage_date
            >= {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'current_day.usage_date') }}
    group by current_day.account_id, current_day.usage_date, catalogue.threshold_value

),

invites_observed as (

    select
        account_id,
        'teammates_invited' as trigger_key,
        cast(usage_date as {{ dbt.type_timestamp() }}) as observed_at,
        invites_in_window >= threshold_value as is_condition_met,
        invites_in_previous_window >= threshold_value as was_condition_met,
        invites_in_window as signal_value,
        threshold_value,
        'teammates invited in the window' as signal_detail
    from invite_windows

),

unioned as (

    select * from gate_observed
    union all
    select * from invites_observed

),

final as (

    select
        account_id,
        trigger_key,
        observed_at,
        is_condition_met,
        was_condition_met,
        cast(signal_value as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        signal_detail
    from unioned

)

select * from final
