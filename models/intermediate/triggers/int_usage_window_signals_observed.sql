{#-
    Rolling-window usage trigger conditions, one observation per account and day with a relevant
    event, computed from the daily rollups (no event is read here):
      gated_feature_hits  distinct features hit at their gate in the window_days days to this day (feature-days)
      teammates_invited   user_invited events in the window_days days to this day (day rollup)
    was_condition_met is the same count over the window_days days ending the day before, so a firing
    marks the day the window first goes over the threshold. observed_at is the moment of crossing:
    for gated features the first gate hit, that day, of the feature that takes the count to the
    threshold; for invites the day's first invite when it alone completes the count, else the day's
    last invite. Days without a crossing are observed at their last relevant event.
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

gate_rule as (

    select * from catalogue
    where trigger_key = 'gated_feature_hits'

),

invite_rule as (

    select * from catalogue
    where trigger_key = 'teammates_invited'

),

gate_feature_days as (

    select
        feature_days.account_id,
        feature_days.usage_date,
        feature_days.feature_key,
        feature_days.first_feature_gate_hit_at,
        feature_days.last_feature_gate_hit_at,
        catalogue.threshold_value,
        catalogue.window_days
    from feature_days
    cross join gate_rule as catalogue
    where feature_days.feature_gate_hits > 0

),

gate_features_carried as (

    select
        observed.account_id,
        observed.usage_date,
        observed.feature_key,
        observed.first_feature_gate_hit_at,
        observed.last_feature_gate_hit_at,
        observed.threshold_value,
        max(case when earlier.feature_key is not null then 1 else 0 end) as is_carried_in
    from gate_feature_days as observed
    left join gate_feature_days as earlier
        on observed.account_id = earlier.account_id
            and observed.feature_key = earlier.feature_key
            and observed.usage_date > earlier.usage_date
            and {{ dbt.dateadd('day', '-1 * observed.window_days', 'observed.usage_date') }} < earlier.usage_date
    group by
        observed.account_id,
        observed.usage_date,
        observed.feature_key,
        observed.first_feature_gate_hit_at,
        observed.last_feature_gate_hit_at,
        observed.threshold_value

),

gate_observation_days as (

    select distinct
        account_id,
        usage_date,
        window_days
    from gate_feature_days

),

gate_windows_counted as (

    select
        observed.account_id,
        observed.usage_date,
        count(distinct case when earlier.usage_date < observed.usage_date then earlier.feature_key end)
            as keys_before,
        count(distinct case
            when earlier.usage_date > {{ dbt.dateadd('day', '-1 * observed.window_days', 'observed.usage_date') }}
                then earlier.feature_key
        end) as keys_in_window
    from gate_observation_days as observed
    inner join gate_feature_days as earlier
        on observed.account_id = earlier.account_id
            and observed.usage_date >= earlier.usage_date
            and {{ dbt.dateadd('day', '-1 * observed.window_days', 'observed.usage_date') }} <= earlier.usage_date
    group by observed.account_id, observed.usage_date

),

gate_new_features_ranked as (

    select
        account_id,
        usage_date,
        first_feature_gate_hit_at,
        row_number() over (
            partition by account_id, usage_date
            order by first_feature_gate_hit_at, feature_key
        ) as new_feature_rank
    from gate_features_carried
    where is_carried_in = 0

),

gate_day_totals as (

    select
        account_id,
        usage_date,
        max(threshold_value) as threshold_value,
        sum(1 - is_carried_in) as new_features,
        max(last_feature_gate_hit_at) as last_event_at
    from gate_features_carried
    group by account_id, usage_date

),

gate_days as (

    select
        gate_day_totals.account_id,
        gate_day_totals.usage_date,
        'gated_feature_hits' as trigger_key,
        gate_day_totals.threshold_value,
        gate_windows_counted.keys_before,
        gate_windows_counted.keys_in_window,
        gate_day_totals.last_event_at,
        gate_new_features_ranked.first_feature_gate_hit_at as crossed_at
    from gate_day_totals
    inner join gate_windows_counted
        on gate_day_totals.account_id = gate_windows_counted.account_id
            and gate_day_totals.usage_date = gate_windows_counted.usage_date
    left join gate_new_features_ranked
        on gate_day_totals.account_id = gate_new_features_ranked.account_id
            and gate_day_totals.usage_date = gate_new_features_ranked.usage_date
            -- the new feature that takes the count from the features carried in to the threshold
            and gate_new_features_ranked.new_feature_rank = gate_day_totals.threshold_value
            - (gate_windows_counted.keys_in_window - gate_day_totals.new_features)

),

invite_windows_counted as (

    select
        observed.account_id,
        observed.usage_date,
        max(catalogue.threshold_value) as threshold_value,
        max(observed.users_invited) as invites_today,
        max(observed.first_user_invited_at) as first_event_at,
        max(observed.last_user_invited_at) as last_event_at,
        sum(case when earlier.usage_date < observed.usage_date then earlier.users_invited else 0 end)
            as keys_before,
        sum(case
            when earlier.usage_date > {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'observed.usage_date') }}
                then earlier.users_invited
            else 0
        end) as keys_in_window
    from usage_days as observed
    cross join invite_rule as catalogue
    inner join usage_days as earlier
        on observed.account_id = earlier.account_id
            and observed.usage_date >= earlier.usage_date
            and {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'observed.usage_date') }} <= earlier.usage_date
            and earlier.users_invited > 0
    where observed.users_invited > 0
    group by observed.account_id, observed.usage_date

),

invite_days as (

    select
        account_id,
        usage_date,
        'teammates_invited' as trigger_key,
        threshold_value,
        keys_before,
        keys_in_window,
        last_event_at,
        -- the day's first invite completes the count when one more was missing; otherwise the
        -- crossing lies between the first and the last invite and the last is reported
        case
            when threshold_value - (keys_in_window - invites_today) <= 1 then first_event_at
            else last_event_at
        end as crossed_at
    from invite_windows_counted

),

observed_days as (

    select * from gate_days
    union all
    select * from invite_days

),

final as (

    select
        account_id,
        trigger_key,
        cast(
            case
                when keys_in_window >= threshold_value and keys_before < threshold_value
                    then coalesce(crossed_at, last_event_at)
                else last_event_at
            end as {{ dbt.type_timestamp() }}
        ) as observed_at,
        keys_in_window >= threshold_value as is_condition_met,
        keys_before >= threshold_value as was_condition_met,
        cast(keys_in_window as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        case trigger_key
            when 'gated_feature_hits' then 'distinct gated features hit in the window'
            else 'teammates invited in the window'
        end as signal_detail
    from observed_days

)

select * from final
