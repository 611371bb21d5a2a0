{#-
    Does health warn before churn? For every churn event (first month-end with MRR = 0 after a
    paying month) the account's health band in the month `horizon_months` before the churn month
    (about 90 days earlier) is looked up. One row per segment plus 'all': churn events, how many
    had a score then, the share flagged at_risk or critical, the benchmark shares (50% good, 80%
    best) and, for contrast, the share of all scored account-months in those bands.
-#}
with

mrr_months as (

    select * from {{ ref('int_account_mrr_months_aggregated') }}

),

health_monthly as (

    select * from {{ ref('fct_account_health_monthly') }}

),

score_parameters as (

    select * from {{ ref('score_parameters') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

settings as (

    select
        max(case when parameter = 'horizon_months' then value end) as horizon_months,
        max(case when parameter = 'churn_flag_good_share' then value end) as good_share,
        max(case when parameter = 'churn_flag_best_share' then value end) as best_share
    from score_parameters
    where score_model = 'calibration'

),

churn_events as (

    select
        current_month.account_id,
        current_month.revenue_month as churn_month
    from mrr_months as current_month
    inner join mrr_months as previous_month
        on current_month.account_id = previous_month.account_id
            and previous_month.revenue_month
            = cast({{ dbt.dateadd('month', -1, 'current_month.revenue_month') }} as date)
    where current_month.mrr_usd = 0
        and previous_month.mrr_usd > 0

),

churn_with_health as (

    select
        churn_events.account_id,
        churn_events.churn_month,
        health_monthly.health_band,
        coalesce(accounts.segment, 'unknown') as segment
    from churn_events
    cross join settings
    left join accounts
        on churn_events.account_id = accounts.account_id
    left join health_monthly
        on churn_events.account_id = health_monthly.account_id
            and health_monthly.score_month = cast(
                {{ dbt.dateadd('month', '-1 * settings.horizon_months', 'churn_events.churn_month') }} as date
            )

),

churn_by_segment as (

    select
        segment,
        count(*) as churn_events,
        sum(case when health_band is not null then 1 else 0 end) as churn_events_scored,
        sum(case when health_band in ('at_risk', 'critical') then 1 else 0 end) as flagged_at_risk_or_critical
    from churn_with_health
    group by segment

    union all

    select
        'all' as segment,
        count(*) as churn_events,
        sum(case when health_band is not null then 1 else 0 end) as churn_events_scored,
        sum(case when health_band in ('at_risk', 'critical') then 1 else 0 end) as flagged_at_risk_or_critical
    from churn_with_health

),

base_rates as (

    select
        segment,
        avg(case when health_band in ('at_risk', 'critical') then 1.0 else 0.0 end) as base_flagged_share
    from health_monthly
    group by segment

    union all

    select
        'all' as segment,
        avg(case when health_band in ('at_risk', 'critical') then 1.0 else 0.0 end) as base_flagged_share
    from health_monthly

),

final as (

    select
        churn_by_segment.segment,
        cast(churn_by_segment.churn_events as {{ dbt.type_int() }}) as churn_events,
        cast(churn_by_segment.churn_events_scored as {{ dbt.type_int() }}) as churn_events_scored,
        cast(churn_by_segment.flagged_at_risk_or_critical as {{ dbt.type_int() }}) as flagged_at_risk_or_critical,
        cast(
            1e0 * churn_by_segment.flagged_at_risk_or_critical / nullif(churn_by_segment.churn_events_scored, 0)
            as {{ type_double() }}
        ) as flagged_share,
        cast(base_rates.base_flagged_share as {{ type_double() }}) as base_flagged_share,
        cast(settings.good_share as {{ type_double() }}) as good_share_benchmark,
        cast(settings.best_share as {{ type_double() }}) as best_share_benchmark,
        case
            when churn_by_segment.churn_events_scored = 0 then 'no_churn_scored'
            when 1e0 * churn_by_segment.flagged_at_risk_or_critical / churn_by_segment.churn_events_scored
                >= settings.best_share then 'best_in_class'
            when 1e0 * churn_by_segment.flagged_at_risk_or_critical / churn_by_segment.churn_events_scored
                >= settings.good_share then 'good'
            else 'below_benchmark'
        end as calibration_rating
    from churn_by_segment
    cross join settings
    left join base_rates
        on churn_by_segment.segment = base_rates.segment

)

select * from final
