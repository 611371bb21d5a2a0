{{ config(enabled=python_models_enabled()) }}
{#-
    Churn autopsy: every grain that churned in the `churn_autopsy_months` months (var, default 6)
    up to and including the latest closed month (rpt_reporting_period: an open month's churn is not
    final, and a month after the as-of date is no month at all), with what its accounts looked like
    over the same number of months
    before the churn month: health (average, lowest, band in the last scored month), product usage
    (active users, events, active days), support tickets, and CRM contact (activities, contacts
    reached, champions who left). churn_rank 1 = largest lost ARR. Run with
    `dbt compile --select churn_autopsy` and query the compiled SQL read-only.
-#}
{%- set months = var('churn_autopsy_months') %}
with

movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

reporting_period as (

    select * from {{ ref('rpt_reporting_period') }}

),

health as (

    select * from {{ ref('fct_account_health_monthly') }}

),

usage_months as (

    select * from {{ ref('int_account_usage_months_aggregated') }}

),

tickets as (

    select * from {{ ref('int_crm__support_tickets_cleaned') }}

),

activities as (

    select * from {{ ref('int_crm__activities_cleaned') }}

),

contacts as (

    select * from {{ ref('int_crm__contacts_cleaned') }}

),

churned as (

    select
        movements.grain_id,
        movements.revenue_month as churn_month,
        movements.segment,
        movements.region,
        12 * movements.movement_mrr_usd as churned_arr_usd,
        {{ dbt.dateadd('month', -months, 'movements.revenue_month') }} as window_start
    from movements
    cross join reporting_period
    where
        movements.movement_type = 'churn'
        and movements.revenue_month <= reporting_period.latest_closed_month
        and movements.revenue_month > {{ dbt.dateadd('month', -months, 'reporting_period.latest_closed_month') }}

),

churned_accounts as (

    select
        churned.*,
        accounts.account_id
    from churned
    inner join accounts
        on churned.grain_id = accounts.retention_grain_id

),

health_before as (

    select
        churned_accounts.grain_id,
        churned_accounts.churn_month,
        avg(health.health_score) as avg_health_score,
        min(health.health_score) as min_health_score,
        max(health.score_month) as last_scored_month
    from churned_accounts
    inner join health
        on
            churned_accounts.account_id = health.account_id
            and churned_accounts.window_start <= health.score_month
            and churned_accounts.churn_month > health.score_month
    group by churned_accounts.grain_id, churned_accounts.churn_month

),

last_band as (

    select
        health_before.grain_id,
        health_before.churn_month,
        min(health.health_band) as last_health_band
    from health_before
    inner join churned_accounts
        on
            health_before.grain_id = churned_accounts.grain_id
            and health_before.churn_month = churned_accounts.churn_month
    inner join health
        on
            churned_accounts.account_id = health.account_id
            and health_before.last_scored_month = health.score_month
    group by health_before.grain_id, health_before.churn_month

),

usage_before as (

    select
        churned_accounts.grain_id,
        churned_accounts.churn_month,
        avg(usage_months.active_users) as avg_monthly_active_users,
        sum(usage_months.events) as events,
        sum(usage_months.active_days) as active_days
    from churned_accounts
    inner join usage_months
        on
            churned_accounts.account_id = usage_months.account_id
            and churned_accounts.window_start <= usage_months.usage_month
            and churned_accounts.churn_month > usage_months.usage_month
    group by churned_accounts.grain_id, churned_accounts.churn_month

),

tickets_before as (

    select
        churned_accounts.grain_id,
        churned_accounts.churn_month,
        count(*) as tickets,
        sum(case when tickets.priority in ('high', 'urgent') then 1 else 0 end) as urgent_tickets
    from churned_accounts
    inner join tickets
        on
            churned_accounts.account_id = tickets.account_id
            and churned_accounts.window_start <= tickets.created_at
            and churned_accounts.churn_month > tickets.created_at
    group by churned_accounts.grain_id, churned_accounts.churn_month

),

contact_before as (

    select
        churned_accounts.grain_id,
        churned_accounts.churn_month,
        count(*) as activities,
        count(distinct activities.contact_id) as contacts_reached
    from churned_accounts
    inner join activities
        on
            churned_accounts.account_id = activities.account_id
            and churned_accounts.window_start <= activities.occurred_at
            and churned_accounts.churn_month > activities.occurred_at
    group by churned_accounts.grain_id, churned_accounts.churn_month

),

champions_lost as (

    select
        churned_accounts.grain_id,
        churned_accounts.churn_month,
        count(*) as champions_left
    from churned_accounts
    inner join contacts
        on
            churned_accounts.account_id = contacts.account_id
            and contacts.is_champion
            and churned_accounts.window_start <= contacts.left_company_at
            and churned_accounts.churn_month > contacts.left_company_at
    group by churned_accounts.grain_id, churned_accounts.churn_month

),

final as (

    select
        churned.grain_id,
        churned.churn_month,
        churned.segment,
        churned.region,
        churned.churned_arr_usd,
        health_before.avg_health_score,
        health_before.min_health_score,
        last_band.last_health_band,
        usage_before.avg_monthly_active_users,
        usage_before.events,
        usage_before.active_days,
        coalesce(tickets_before.tickets, 0) as tickets,
        coalesce(tickets_before.urgent_tickets, 0) as urgent_tickets,
        coalesce(contact_before.activities, 0) as activities,
        coalesce(contact_before.contacts_reached, 0) as contacts_reached,
        coalesce(champions_lost.champions_left, 0) as champions_left,
        row_number() over (order by churned.churned_arr_usd desc, churned.grain_id asc) as churn_rank
    from churned
    left join health_before
        on
            churned.grain_id = health_before.grain_id
            and churned.churn_month = health_before.churn_month
    left join last_band
        on
            churned.grain_id = last_band.grain_id
            and churned.churn_month = last_band.churn_month
    left join usage_before
        on
            churned.grain_id = usage_before.grain_id
            and churned.churn_month = usage_before.churn_month
    left join tickets_before
        on
            churned.grain_id = tickets_before.grain_id
            and churned.churn_month = tickets_before.churn_month
    left join contact_before
        on
            churned.grain_id = contact_before.grain_id
            and churned.churn_month = contact_before.churn_month
    left join champions_lost
        on
            churned.grain_id = champions_lost.grain_id
            and churned.churn_month = champions_lost.churn_month

)

select * from final
