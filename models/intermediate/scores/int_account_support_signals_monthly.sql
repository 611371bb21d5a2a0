{#-
    Support and success signals per scored account-month, measured at the month's reference date:
    tickets in the last windows.tickets days and the same span before (high-priority ones too), CSAT
    and feature requests over windows.support days, success milestones due, achieved and overdue;
    windows = var score_input_windows_days.
-#}
{%- set windows = var('score_input_windows_days') -%}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

support_tickets as (

    select * from {{ ref('int_crm__support_tickets_cleaned') }}

),

success_milestones as (

    select * from {{ ref('int_crm__success_milestones_cleaned') }}

),

tickets as (

    select
        spine.account_id,
        spine.score_month,
        sum(
            case
                when {{ window_condition('support_tickets.created_at', 'spine.reference_date', windows.tickets) }}
                    then 1
                else 0
            end
        ) as tickets_90d,
        sum(
            case
                when {{ window_condition(
                    'support_tickets.created_at', 'spine.reference_date', windows.tickets, 'prior'
                ) }}
                    then 1
                else 0
            end
        ) as tickets_prior_90d,
        sum(
            case
                when {{ window_condition('support_tickets.created_at', 'spine.reference_date', windows.tickets) }}
                    and support_tickets.priority in ('high', 'urgent')
                    then 1
                else 0
            end
        ) as high_priority_tickets_90d
    from spine
    inner join support_tickets
        on spine.account_id = support_tickets.account_id
            and cast(support_tickets.created_at as date) <= spine.reference_date
            and {{ window_condition('support_tickets.created_at', 'spine.reference_date', 2 * windows.tickets) }}
    group by spine.account_id, spine.score_month

),

csat as (

    select
        spine.account_id,
        spine.score_month,
        avg(support_tickets.csat_score) as csat_avg_180d,
        sum(case when support_tickets.is_feature_request then 1 else 0 end) as feature_requests_180d
    from spine
    inner join support_tickets
        on spine.account_id = support_tickets.account_id
            and cast(coalesce(support_tickets.resolved_at, support_tickets.created_at) as date) <= spine.reference_date
            and {{ window_condition(
                'coalesce(support_tickets.resolved_at, support_tickets.created_at)', 'spine.reference_date',
                windows.support
            ) }}
    group by spine.account_id, spine.score_month

),

milestones as (

    select
        spine.account_id,
        spine.score_month,
        sum(
            case
                when success_milestones.achieved_at is not null
                    and cast(success_milestones.achieved_at as date) <= spine.reference_date
                    then 1
                else 0
            end
        ) as milestones_achieved,
        sum(
            case
                when success_milestones.achieved_at is null
                    or cast(success_milestones.achieved_at as date) > spine.reference_date
                    then 1
                else 0
            end
        ) as milestones_overdue,
        count(*) as milestones_due
    from spine
    inner join success_milestones
        on spine.account_id = success_milestones.account_id
            and cast(success_milestones.target_date as date) <= spine.reference_date
    group by spine.account_id, spine.score_month

),

final as (

    select
        spine.account_id,
        spine.score_month,
        tickets.tickets_90d,
        tickets.tickets_prior_90d,
        tickets.high_priority_tickets_90d,
        csat.csat_avg_180d,
        csat.feature_requests_180d,
        milestones.milestones_due,
        milestones.milestones_achieved,
        milestones.milestones_overdue
    from spine
    left join tickets
        on spine.account_id = tickets.account_id
            and spine.score_month = tickets.score_month
    left join csat
        on spine.account_id = csat.account_id
            and spine.score_month = csat.score_month
    left join milestones
        on spine.account_id = milestones.account_id
            and spine.score_month = milestones.score_month

)

select * from final
