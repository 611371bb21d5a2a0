{#-
    Champion trigger conditions (events: each observation a fresh transition):
      champion_promoted     the champion's seniority rank (macro seniority_rank) rises to at least
                            threshold_value
      champion_left         a champion spell ends because the contact left the company
      champion_silent_14d   threshold_value days pass without a logged activity with the champion
                            (counted from the spell start or the last activity)
-#}
with

contact_history as (

    select * from {{ ref('int_crm__contact_history_cleaned') }}

),

champion_periods as (

    select * from {{ ref('int_champion_periods_derived') }}

),

activities as (

    select * from {{ ref('int_crm__activities_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

seniority_changes as (

    select
        contact_id,
        changed_at,
        new_value,
        {{ seniority_rank('old_value') }} as old_rank,
        {{ seniority_rank('new_value') }} as new_rank
    from contact_history
    where field = 'seniority'

),

promotions_observed as (

    select
        champion_periods.account_id,
        'champion_promoted' as trigger_key,
        seniority_changes.changed_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(seniority_changes.new_rank as {{ type_double() }}) as signal_value,
        catalogue.threshold_value,
        'champion promoted to ' || seniority_changes.new_value as signal_detail
    from seniority_changes
    inner join champion_periods
        on seniority_changes.contact_id = champion_periods.contact_id
            and seniority_changes.changed_at >= champion_periods.champion_from
            and (champion_periods.champion_to is null or seniority_changes.changed_at < champion_periods.champion_to)
    inner join catalogue
        on catalogue.trigger_key = 'champion_promoted'
    where
        seniority_changes.new_rank >= catalogue.threshold_value
        and seniority_changes.new_rank > seniority_changes.old_rank

),

departures_observed as (

    {#- one observation per account and instant: two champions can leave in one CRM update #}
    select
        account_id,
        'champion_left' as trigger_key,
        champion_to as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(null as {{ type_double() }}) as signal_value,
        cast(null as {{ type_double() }}) as threshold_value,
        case
            when count(*) > 1 then cast(count(*) as {{ dbt.type_string() }}) || ' champions left the company'
            else 'champion left the company'
        end as signal_detail
    from champion_periods
    where ended_by_leaving
    group by account_id, champion_to

),

champion_touches as (

    select
        champion_periods.contact_id,
        champion_periods.account_id,
        champion_periods.champion_from,
        champion_periods.champion_to,
        champion_periods.champion_from as touched_at
    from champion_periods
    union all
    select
        champion_periods.contact_id,
        champion_periods.account_id,
        champion_periods.champion_from,
        champion_periods.champion_to,
        activities.occurred_at as touched_at
    from champion_periods
    inner join activities
        on champion_periods.contact_id = activities.contact_id
            and champion_periods.champion_from <= activities.occurred_at
            and (champion_periods.champion_to is null or champion_periods.champion_to > activities.occurred_at)

),

champion_gaps as (

    select
        champion_touches.account_id,
        champion_touches.touched_at,
        catalogue.threshold_value,
        champion_touches.champion_to,
        lead(champion_touches.touched_at) over (
            partition by champion_touches.contact_id, champion_touches.champion_from
            order by champion_touches.touched_at
        ) as next_touched_at,
        {{ dbt.dateadd('day', 'cast(catalogue.threshold_value as integer)', 'champion_touches.touched_at') }}
            as silent_at
    from champion_touches
    inner join catalogue
        on catalogue.trigger_key = 'champion_silent_14d'

),

silence_observed as (

    select
        champion_gaps.account_id,
        'champion_silent_14d' as trigger_key,
        champion_gaps.silent_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        champion_gaps.threshold_value as signal_value,
        champion_gaps.threshold_value,
        'days without activity with the champion' as signal_detail
    from champion_gaps
    cross join as_of
    where
        (champion_gaps.next_touched_at is null or champion_gaps.next_touched_at > champion_gaps.silent_at)
        and (champion_gaps.champion_to is null or champion_gaps.champion_to > champion_gaps.silent_at)
        and champion_gaps.silent_at < {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }}

),

final as (

    {{ select_observations(['promotions_observed', 'departures_observed', 'silence_observed']) }}

)

select * from final
