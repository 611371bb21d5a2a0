{#-
    CRM trigger conditions. Event conditions (one observation per event, each a fresh transition):
      champion_promoted     the champion's seniority rank rises to at least threshold_value
                            (ic 1, manager 2, director 3, vp 4, c_level 5)
      champion_left         a champion spell ends because the contact left the company
      expansion_closed      an expansion opportunity closes won
      champion_silent_14d   threshold_value days pass without a logged activity with the champion
                            (counted from the spell start or the last activity)
    State conditions (observed at every response, snapshot or closed month):
      nps_detractor         the response scores <= threshold (previous response decides the state before)
      nps_promoter          the response scores >= threshold
      headcount_growth      employees grew >= threshold against the latest snapshot at least window_days older
      support_ticket_spike  tickets in a closed month >= threshold x the average of the previous
                            window_days / 30 months and >= secondary_threshold_value
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

nps_responses as (

    select * from {{ ref('int_crm__nps_responses_cleaned') }}

),

snapshots as (

    select * from {{ ref('int_crm__account_snapshots_cleaned') }}

),

tickets as (

    select * from {{ ref('int_crm__support_tickets_cleaned') }}

),

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

months as (

    {{ dbt.date_spine(
        'month',
        "cast('" ~ var('calendar_start_date') ~ "' as date)",
        "cast('" ~ var('calendar_end_date') ~ "' as date)"
    ) }}

),

seniority_changes as (

    select
        contact_id,
        changed_at,
        new_value,
        case old_value
            when 'ic' then 1 when 'manager' then 2 when 'director' then 3 when 'vp' then 4 when 'c_level' then 5
        end as old_rank,
        case new_value
            when 'ic' then 1 when 'manager' then 2 when 'director' then 3 when 'vp' then 4 when 'c_level' then 5
        end as new_rank
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

    select
        account_id,
        'champion_left' as trigger_key,
        champion_to as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(null as {{ type_double() }}) as signal_value,
        cast(null as {{ type_double() }}) as threshold_value,
        'champion left the company' as signal_detail
    from champion_periods
    where ended_by_leaving

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

nps_scored as (

    select
        nps_responses.account_id,
        nps_responses.responded_at,
        nps_responses.response_id,
        nps_responses.score,
        detractor.threshold_value as detractor_threshold,
        promoter.threshold_value as promoter_threshold
    from nps_responses
    inner join catalogue as detractor
        on detractor.trigger_key = 'nps_detractor'
    inner join catalogue as promoter
        on promoter.trigger_key = 'nps_promoter'
    where nps_responses.score is not null

),

nps_states as (

    select
        account_id,
        responded_at,
        score,
        detractor_threshold,
        promoter_threshold,
        score <= detractor_threshold as is_detractor,
        score >= promoter_threshold as is_promoter,
        lag(score) over (partition by account_id order by responded_at, response_id) as previous_score
    from nps_scored

),

detractors_observed as (

    select
        account_id,
        'nps_detractor' as trigger_key,
        responded_at as observed_at,
        is_detractor as is_condition_met,
        coalesce(previous_score <= detractor_threshold, false) as was_condition_met,
        cast(score as {{ type_double() }}) as signal_value,
        detractor_threshold as threshold_value,
        'NPS score' as signal_detail
    from nps_states

),

promoters_observed as (

    select
        account_id,
        'nps_promoter' as trigger_key,
        responded_at as observed_at,
        is_promoter as is_condition_met,
        coalesce(previous_score >= promoter_threshold, false) as was_condition_met,
        cast(score as {{ type_double() }}) as signal_value,
        promoter_threshold as threshold_value,
        'NPS score' as signal_detail
    from nps_states

),

snapshot_baselines as (

    select
        current_snapshot.account_id,
        current_snapshot.snapshot_date,
        current_snapshot.employee_count,
        baseline.employee_count as baseline_employee_count,
        catalogue.threshold_value,
        row_number() over (
            partition by current_snapshot.account_id, current_snapshot.snapshot_date
            order by baseline.snapshot_date desc
        ) as baseline_rank
    from snapshots as current_snapshot
    inner join catalogue
        on catalogue.trigger_key = 'headcount_growth'
    inner join snapshots as baseline
        on current_snapshot.account_id = baseline.account_id
            and baseline.snapshot_date
            <= {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'current_snapshot.snapshot_date') }}

),

headcount_states as (

    select
        account_id,
        snapshot_date,
        threshold_value,
        1.0 * employee_count / nullif(baseline_employee_count, 0) - 1 as employee_growth
    from snapshot_baselines
    where baseline_rank = 1

),

headcount_observed as (

    select
        account_id,
        'headcount_growth' as trigger_key,
        cast(snapshot_date as {{ dbt.type_timestamp() }}) as observed_at,
        coalesce(employee_growth >= threshold_value, false) as is_condition_met,
        coalesce(
            lag(employee_growth >= threshold_value) over (partition by account_id order by snapshot_date), false
        ) as was_condition_met,
        employee_growth as signal_value,
        threshold_value,
        'employee growth against the baseline snapshot' as signal_detail
    from headcount_states

),

closed_months as (

    select cast(months.date_month as date) as ticket_month
    from months
    cross join as_of
    where cast({{ dbt.dateadd('month', 1, 'months.date_month') }} as date) <= as_of.as_of_date

),

ticket_months as (

    select
        account_id,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as ticket_month,
        count(*) as tickets
    from tickets
    group by account_id, cast({{ dbt.date_trunc('month', 'created_at') }} as date)

),

ticket_ranges as (

    select
        account_id,
        min(ticket_month) as first_ticket_month
    from ticket_months
    group by account_id

),

ticket_spine as (

    select
        ticket_ranges.account_id,
        closed_months.ticket_month
    from ticket_ranges
    inner join closed_months
        on ticket_ranges.first_ticket_month <= closed_months.ticket_month

),

ticket_series as (

    select
        ticket_spine.account_id,
        ticket_spine.ticket_month,
        coalesce(ticket_months.tickets, 0) as tickets
    from ticket_spine
    left join ticket_months
        on ticket_spine.account_id = ticket_months.account_id
            and ticket_spine.ticket_month = ticket_months.ticket_month

),

ticket_baselines as (

    select
        ticket_series.account_id,
        ticket_series.ticket_month,
        ticket_series.tickets,
        catalogue.threshold_value,
        catalogue.secondary_threshold_value,
        avg(baseline.tickets) as baseline_tickets
    from ticket_series
    inner join catalogue
        on catalogue.trigger_key = 'support_ticket_spike'
    left join ticket_series as baseline
        on ticket_series.account_id = baseline.account_id
            and ticket_series.ticket_month > baseline.ticket_month
            and baseline.ticket_month
            >= {{ dbt.dateadd('month', '-1 * cast(catalogue.window_days / 30 as integer)', 'ticket_series.ticket_month') }}  -- noqa: LT05
    group by
        ticket_series.account_id,
        ticket_series.ticket_month,
        ticket_series.tickets,
        catalogue.threshold_value,
        catalogue.secondary_threshold_value

),

ticket_states as (

    select
        account_id,
        ticket_month,
        tickets,
        baseline_tickets,
        threshold_value,
        tickets >= secondary_threshold_value
        and tickets >= threshold_value * coalesce(baseline_tickets, 0) as is_spike
    from ticket_baselines

),

tickets_observed as (

    select
        account_id,
        'support_ticket_spike' as trigger_key,
        cast({{ dbt.dateadd('month', 1, 'ticket_month') }} as {{ dbt.type_timestamp() }}) as observed_at,
        is_spike as is_condition_met,
        coalesce(lag(is_spike) over (partition by account_id order by ticket_month), false) as was_condition_met,
        1.0 * tickets / nullif(baseline_tickets, 0) as signal_value,
        threshold_value,
        'tickets this month / trailing monthly average' as signal_detail
    from ticket_states

),

expansions_observed as (

    select
        account_id,
        'expansion_closed' as trigger_key,
        closed_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(amount_arr as {{ type_double() }}) as signal_value,
        cast(null as {{ type_double() }}) as threshold_value,
        'expansion won (ARR in deal currency)' as signal_detail
    from opportunities
    where opportunity_type = 'expansion' and is_won and closed_at is not null

),

unioned as (

    select * from promotions_observed
    union all
    select * from departures_observed
    union all
    select * from silence_observed
    union all
    select * from detractors_observed
    union all
    select * from promoters_observed
    union all
    select * from headcount_observed
    union all
    select * from tickets_observed
    union all
    select * from expansions_observed

),

final as (

    select
        account_id,
        trigger_key,
        cast(observed_at as {{ dbt.type_timestamp() }}) as observed_at,
        is_condition_met,
        was_condition_met,
        cast(signal_value as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        signal_detail
    from unioned

)

select * from final
