{#-
    Support-ticket trigger condition, observed at every closed month from the account's first ticket
    month, with the state at the previous month:
      support_ticket_spike  tickets in a closed month >= threshold x the average of the previous
                            window_days / 30 months and >= secondary_threshold_value
-#}
with

tickets as (

    select * from {{ ref('int_crm__support_tickets_cleaned') }}

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
        {{ previous_state('is_spike', 'account_id', 'ticket_month') }} as was_condition_met,
        1e0 * tickets / nullif(baseline_tickets, 0) as signal_value,
        threshold_value,
        'tickets this month / trailing monthly average' as signal_detail
    from ticket_states

),

final as (

    {{ select_observations(['tickets_observed']) }}

)

select * from final
