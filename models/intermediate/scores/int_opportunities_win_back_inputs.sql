{#-
    One row per closed-lost opportunity with the six win-back factors measured at the as-of date:
    the account's segment (deal size), the furthest CSQL stage reached before the loss, contacts
    engaged in the 90 days up to the loss, the loss reason, days since the loss and the company's
    trajectory (headcount growth over the last year or a funding round in it).
-#}
{%- set windows = var('score_input_windows_days') -%}
with

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

csql_stage_history as (

    select * from {{ ref('int_crm__csql_stage_history_cleaned') }}

),

activities as (

    select * from {{ ref('int_crm__activities_cleaned') }}

),

account_snapshots as (

    select * from {{ ref('int_crm__account_snapshots_cleaned') }}

),

score_parameters as (

    select * from {{ ref('score_parameters') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

lost as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.csql_id,
        opportunities.amount_arr,
        cast(opportunities.closed_at as date) as closed_date,
        coalesce(opportunities.loss_reason, 'other') as loss_reason
    from opportunities
    cross join as_of
    where opportunities.is_closed
        and not opportunities.is_won
        and cast(opportunities.closed_at as date) <= as_of.as_of_date

),

stages_reached as (

    select
        lost.opportunity_id,
        max(
            case csql_stage_history.stage
                when 'negotiation' then 4
                when 'proposal_sent' then 3
                when 'qualified' then 2
                when 'created' then 1
                else 0
            end
        ) as stage_rank
    from lost
    inner join csql_stage_history
        on lost.csql_id = csql_stage_history.csql_id
    group by lost.opportunity_id

),

engagement as (

    select
        lost.opportunity_id,
        count(distinct activities.contact_id) as contacts_engaged
    from lost
    inner join activities
        on lost.account_id = activities.account_id
            and cast(activities.occurred_at as date) <= lost.closed_date
            and {{ window_condition('activities.occurred_at', 'lost.closed_date', windows.win_back_engagement) }}
    group by lost.opportunity_id

),

snapshots_ranked as (

    select
        account_snapshots.account_id,
        account_snapshots.employee_count,
        account_snapshots.last_funding_at,
        row_number() over (
            partition by account_snapshots.account_id order by account_snapshots.snapshot_date desc
        ) as recency_rank
    from account_snapshots
    cross join as_of
    where account_snapshots.snapshot_date <= as_of.as_of_date

),

snapshots_year_ago as (

    select
        account_snapshots.account_id,
        account_snapshots.employee_count,
        row_number() over (
            partition by account_snapshots.account_id order by account_snapshots.snapshot_date desc
        ) as recency_rank
    from account_snapshots
    cross join as_of
    where {{ window_condition(
        'account_snapshots.snapshot_date', 'as_of.as_of_date', windows.win_back_trajectory, 'prior'
    ) }}

),

trajectory_thresholds as (

    select
        max(case when parameter = 'growing_headcount_growth' then value end) as growing_above,
        max(case when parameter = 'contracting_headcount_growth' then value end) as contracting_below
    from score_parameters
    where score_model = 'win_back'

),

trajectories as (

    select
        snapshots_ranked.account_id,
        case
            when snapshots_ranked.last_funding_at is not null
                and {{ window_condition(
                    'snapshots_ranked.last_funding_at', 'as_of.as_of_date', windows.win_back_trajectory
                ) }}
                then 1
            when snapshots_year_ago.employee_count > 0
                and 1e0 * snapshots_ranked.employee_count / snapshots_year_ago.employee_count - 1
                > trajectory_thresholds.growing_above
                then 1
            when snapshots_year_ago.employee_count > 0
                and 1e0 * snapshots_ranked.employee_count / snapshots_year_ago.employee_count - 1
                < trajectory_thresholds.contracting_below
                then -1
            else 0
        end as company_trajectory
    from snapshots_ranked
    cross join as_of
    cross join trajectory_thresholds
    left join snapshots_year_ago
        on snapshots_ranked.account_id = snapshots_year_ago.account_id
            and snapshots_year_ago.recency_rank = 1
    where snapshots_ranked.recency_rank = 1

),

final as (

    select
        lost.opportunity_id,
        lost.account_id,
        lost.opportunity_type,
        lost.closed_date,
        cast(lost.amount_arr as {{ type_double() }}) as amount_arr,
        coalesce(accounts.segment, 'unknown') as deal_size,
        case coalesce(stages_reached.stage_rank, 0)
            when 4 then 'negotiation'
            when 3 then 'proposal_sent'
            when 2 then 'qualified'
            when 1 then 'created'
            else 'none'
        end as stage_reached,
        cast(coalesce(engagement.contacts_engaged, 0) as {{ dbt.type_int() }}) as engagement,
        lost.loss_reason,
        cast(
            {{ dbt.datediff('lost.closed_date', 'as_of.as_of_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_loss,
        cast(coalesce(trajectories.company_trajectory, 0) as {{ dbt.type_int() }}) as company_trajectory
    from lost
    cross join as_of
    left join accounts
        on lost.account_id = accounts.account_id
    left join stages_reached
        on lost.opportunity_id = stages_reached.opportunity_id
    left join engagement
        on lost.opportunity_id = engagement.opportunity_id
    left join trajectories
        on lost.account_id = trajectories.account_id

)

select * from final
