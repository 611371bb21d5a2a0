{#-
    One row per CSQL with the trigger firing it came from, each stage's timestamp, elapsed hours and
    business days between stages, SLA status per stage, current stage, outcome and won ARR.

    Matching rule: a CSQL is matched to the latest firing (is_fired) of the trigger named on the CSQL
    (trigger_key) on the same account, fired at or before the CSQL's creation and at most
    csql_match_window_days days before it. A CSQL without such a firing stays unmatched
    (trigger_firing_id null) and its trigger -> CSQL clock starts at the CRM's signal_at instead.

    SLA status per stage: met / breached when the stage was completed; for an open CSQL still in the
    stage, breached once the limit has passed at the reporting date, else pending; not_applicable when
    the stage was skipped or never reached. Business days come from int_business_days_numbered
    (weekends and holidays excluded): the business days after the start date up to the end date.
-#}
with

csqls as (

    select * from {{ ref('int_crm__csqls_cleaned') }}

),

stages as (

    select * from {{ ref('int_csql_stages_pivoted') }}

),

firings as (

    select * from {{ ref('fct_triggers') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

business_days as (

    select * from {{ ref('int_business_days_numbered') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

firing_matches as (

    select
        csqls.csql_id,
        firings.trigger_firing_id,
        firings.fired_at,
        row_number() over (
            partition by csqls.csql_id order by firings.fired_at desc, firings.trigger_firing_id desc
        ) as match_rank
    from csqls
    inner join firings
        on csqls.account_id = firings.account_id
            and csqls.trigger_key = firings.trigger_key
            and csqls.created_at >= firings.fired_at
            and {{ dbt.dateadd('day', -1 * var('csql_match_window_days'), 'csqls.created_at') }}
            <= firings.fired_at

),

joined as (

    select
        csqls.csql_id,
        csqls.account_id,
        accounts.segment,
        csqls.owner_id,
        csqls.trigger_key,
        csqls.signal_at,
        firing_matches.trigger_firing_id,
        firing_matches.fired_at as trigger_fired_at,
        coalesce(firing_matches.fired_at, csqls.signal_at) as triggered_at,
        coalesce(csqls.created_at, stages.created_stage_at) as created_at,
        stages.qualified_at,
        stages.proposal_sent_at,
        stages.negotiation_at,
        coalesce(stages.closed_won_at, stages.closed_lost_at) as closed_at,
        case
            when stages.closed_won_at is not null then 'won'
            when stages.closed_lost_at is not null then 'lost'
            else 'open'
        end as outcome,
        stages.won_opportunity_id,
        stages.won_arr_usd,
        as_of.as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of.as_of_date') }} as {{ dbt.type_timestamp() }}) as measured_at
    from csqls
    cross join as_of
    left join stages
        on csqls.csql_id = stages.csql_id
    left join firing_matches
        on csqls.csql_id = firing_matches.csql_id
            and firing_matches.match_rank = 1
    left join accounts
        on csqls.account_id = accounts.account_id

),

day_numbered as (

    select
        joined.*,
        triggered_day.business_day_number as triggered_day_number,
        created_day.business_day_number as created_day_number,
        qualified_day.business_day_number as qualified_day_number,
        proposal_day.business_day_number as proposal_day_number,
        negotiation_day.business_day_number as negotiation_day_number,
        closed_day.business_day_number as closed_day_number,
        as_of_day.business_day_number as as_of_day_number
    from joined
    left join business_days as triggered_day
        on cast(joined.triggered_at as date) = triggered_day.calendar_date
    left join business_days as created_day
        on cast(joined.created_at as date) = created_day.calendar_date
    left join business_days as qualified_day
        on cast(joined.qualified_at as date) = qualified_day.calendar_date
    left join business_days as proposal_day
        on cast(joined.proposal_sent_at as date) = proposal_day.calendar_date
    left join business_days as negotiation_day
        on cast(joined.negotiation_at as date) = negotiation_day.calendar_date
    left join business_days as closed_day
        on cast(joined.closed_at as date) = closed_day.calendar_date
    left join business_days as as_of_day
        on joined.as_of_date = as_of_day.calendar_date

),

elapsed as (

    select
        *,
        {{ elapsed_hours('triggered_at', 'created_at') }} as hours_trigger_to_created,
        {{ elapsed_hours('created_at', 'qualified_at') }} as hours_created_to_qualified,
        qualified_day_number - created_day_number as business_days_created_to_qualified,
        proposal_day_number - qualified_day_number as business_days_qualified_to_proposal,
        negotiation_day_number - proposal_day_number as business_days_proposal_to_negotiation,
        closed_day_number - negotiation_day_number as business_days_in_negotiation,
        proposal_day_number - triggered_day_number as business_days_trigger_to_proposal,
        {{ dbt.datediff('created_at', 'closed_at', 'day') }} as days_created_to_closed,  -- noqa: LT05
        case
            when closed_at is not null then 'closed_' || outcome
            when negotiation_at is not null then 'negotiation'
            when proposal_sent_at is not null then 'proposal_sent'
            when qualified_at is not null then 'qualified'
            else 'created'
        end as current_stage
    from day_numbered

),

sla_checked as (

    select
        *,
        case
            when triggered_at is null or created_at is null then 'not_applicable'
            when hours_trigger_to_created <= {{ var('csql_sla_trigger_to_created_hours') }} then 'met'
            else 'breached'
        end as sla_trigger_to_created_status,
        {{ business_day_sla_status(
            'qualified_at is not null', 'business_days_created_to_qualified', 'created',
            'created_day_number', var('csql_sla_created_to_qualified_business_days')
        ) }} as sla_created_to_qualified_status,
        {{ business_day_sla_status(
            'qualified_at is not null and proposal_sent_at is not null', 'business_days_qualified_to_proposal',
            'qualified', 'qualified_day_number', var('csql_sla_qualified_to_proposal_business_days')
        ) }} as sla_qualified_to_proposal_status,
        {{ business_day_sla_status(
            'negotiation_at is not null and closed_at is not null', 'business_days_in_negotiation',
            'negotiation', 'negotiation_day_number', var('csql_sla_negotiation_business_days')
        ) }} as sla_negotiation_status
    from elapsed

),

final as (

    select
        csql_id,
        account_id,
        segment,
        owner_id,
        trigger_key,
        cast(signal_at as {{ dbt.type_timestamp() }}) as signal_at,
        trigger_firing_id,
        cast(trigger_fired_at as {{ dbt.type_timestamp() }}) as trigger_fired_at,
        trigger_firing_id is not null as is_trigger_matched,
        cast(triggered_at as {{ dbt.type_timestamp() }}) as triggered_at,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as created_month,
        cast(qualified_at as {{ dbt.type_timestamp() }}) as qualified_at,
        cast(proposal_sent_at as {{ dbt.type_timestamp() }}) as proposal_sent_at,
        cast(negotiation_at as {{ dbt.type_timestamp() }}) as negotiation_at,
        cast(closed_at as {{ dbt.type_timestamp() }}) as closed_at,
        current_stage,
        outcome,
        outcome = 'open' as is_open,
        cast(hours_trigger_to_created as {{ type_double() }}) as hours_trigger_to_created,
        cast(hours_created_to_qualified as {{ type_double() }}) as hours_created_to_qualified,
        cast(business_days_created_to_qualified as {{ dbt.type_int() }}) as business_days_created_to_qualified,
        cast(business_days_qualified_to_proposal as {{ dbt.type_int() }}) as business_days_qualified_to_proposal,
        cast(business_days_proposal_to_negotiation as {{ dbt.type_int() }})
            as business_days_proposal_to_negotiation,
        cast(business_days_in_negotiation as {{ dbt.type_int() }}) as business_days_in_negotiation,
        cast(business_days_trigger_to_proposal as {{ dbt.type_int() }}) as business_days_trigger_to_proposal,
        cast(days_created_to_closed as {{ dbt.type_int() }}) as days_created_to_closed,
        sla_trigger_to_created_status,
        sla_created_to_qualified_status,
        sla_qualified_to_proposal_status,
        sla_negotiation_status,
        'breached' in (
            sla_trigger_to_created_status,
            sla_created_to_qualified_status,
            sla_qualified_to_proposal_status,
            sla_negotiation_status
        ) as has_sla_breach,
        won_opportunity_id,
        cast(won_arr_usd as {{ dbt.type_numeric() }}) as won_arr_usd,
        measured_at
    from sla_checked

)

select * from final
