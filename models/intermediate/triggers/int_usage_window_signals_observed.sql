{#-
    Rolling-window usage trigger conditions, observed at the exact time of every relevant event:
      gated_feature_hits  distinct features hit at their tier gate in the window_days days up to and
                          including this event reach the threshold
      teammates_invited   user_invited events in the window_days days up to and including this
                          event reach the threshold
    was_condition_met is the same count over the events strictly before this one (same window
    length), so a firing marks the event that first takes the window over the threshold.
-#}
with

events as (

    select * from {{ ref('int_usage__events_cleaned') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

window_events as (

    select
        account_id,
        occurred_at,
        case event_name
            when 'feature_gate_hit' then 'gated_feature_hits'
            when 'user_invited' then 'teammates_invited'
        end as trigger_key,
        case when event_name = 'feature_gate_hit' then feature_key else event_id end as counted_key
    from events
    where event_name in ('feature_gate_hit', 'user_invited')

),

observation_points as (

    select distinct
        window_events.trigger_key,
        window_events.account_id,
        window_events.occurred_at,
        catalogue.threshold_value,
        catalogue.window_days
    from window_events
    inner join catalogue
        on window_events.trigger_key = catalogue.trigger_key

),

windows_counted as (

    select
        observation_points.trigger_key,
        observation_points.account_id,
        observation_points.occurred_at,
        observation_points.threshold_value,
        count(distinct case
            when
                window_events.occurred_at
                > {{ dbt.dateadd('day', '-1 * observation_points.window_days', 'observation_points.occurred_at') }}
                then window_events.counted_key
        end) as keys_in_window,
        count(distinct case
            when window_events.occurred_at < observation_points.occurred_at then window_events.counted_key
        end) as keys_before
    from observation_points
    inner join window_events
        on observation_points.trigger_key = window_events.trigger_key
            and observation_points.account_id = window_events.account_id
            and observation_points.occurred_at >= window_events.occurred_at
            and {{ dbt.dateadd('day', '-1 * observation_points.window_days', 'observation_points.occurred_at') }}
            <= window_events.occurred_at
    group by
        observation_points.trigger_key,
        observation_points.account_id,
        observation_points.occurred_at,
        observation_points.threshold_value

),

final as (

    select
        account_id,
        trigger_key,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as observed_at,
        keys_in_window >= threshold_value as is_condition_met,
        keys_before >= threshold_value as was_condition_met,
        cast(keys_in_window as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        case trigger_key
            when 'gated_feature_hits' then 'distinct gated features hit in the window'
            else 'teammates invited in the window'
        end as signal_detail
    from windows_counted

)

select * from final
