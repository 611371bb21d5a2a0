{%- set stages = var('renewal_t_minus_stages') | map('int') | sort -%}
{%- set checks = var('renewal_pipeline_checks') -%}
{#-
    Contracts renewing in the next renewal_pipeline_horizon_days days after the reporting date: one row
    per subscription whose current term (at least renewal_pipeline_min_term_months months, not
    canceled) ends in that window, with its T-minus stage (the tightest stage of
    renewal_t_minus_stages that the days to renewal fit in: T-7, T-14, ..., T-180), ARR up for
    renewal, latest health (null while var python_models_enabled is false), and flags for missing
    actions:
      is_missing_qbr        at or inside T-120 with no QBR logged in the 365 days before renewal
      is_missing_contact    at or inside T-60 with no activity of any kind since T-90
      is_unsigned_at_t14    at or inside T-14, no renewal opportunity won since T-180 and no auto-renew
    (the T-n stage and look-back days of each flag: var renewal_pipeline_checks; defaults shown)
-#}
with

renewals as (

    select * from {{ ref('int_subscription_renewals_listed') }}

),

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

activities as (

    select * from {{ ref('int_crm__activities_cleaned') }}

),

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

health as (

    {% if python_models_enabled() %}
        select * from {{ ref('fct_account_health_monthly') }}
    {% else %}
        {#- no health score without the Python models: the health columns stay null #}
        select
            accounts.account_id,
            cast(null as date) as score_month,
            cast(null as {{ type_double() }}) as health_score,
            cast(null as {{ dbt.type_string() }}) as health_band
        from accounts
        where 1 = 0
    {% endif %}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_spans_derived') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

upcoming as (

    select
        renewals.subscription_id,
        renewals.account_id,
        renewals.renewal_date,
        renewals.term_months,
        renewals.auto_renew,
        as_of.as_of_date,
        {{ dbt.datediff('as_of.as_of_date', 'renewals.renewal_date', 'day') }} as days_to_renewal  -- noqa: LT05
    from renewals
    cross join as_of
    where
        renewals.is_current_term_end
        and renewals.canceled_at is null
        and renewals.term_months >= {{ var('renewal_pipeline_min_term_months') }}
        and renewals.renewal_date > as_of.as_of_date
        and renewals.renewal_date <= {{ dbt.dateadd('day', var('renewal_pipeline_horizon_days'), 'as_of.as_of_date') }}

),

subscription_arr as (

    select
        subscription_items.subscription_id,
        sum({{ to_usd(
            '12 * subscription_items.quantity * subscription_items.unit_price'
            ~ ' * (1 - coalesce(subscription_items.discount_pct, 0)) / subscription_items.billing_interval_months',
            'fx_rates.usd_per_unit',
        ) }}) as arr_usd
    from subscription_items
    cross join as_of
    left join fx_rates
        on {{ fx_rate_span_covers('fx_rates', 'subscription_items.currency', 'as_of.as_of_date') }}
    where
        subscription_items.valid_from_date <= as_of.as_of_date
        and (subscription_items.valid_to_date is null or subscription_items.valid_to_date > as_of.as_of_date)
    group by subscription_items.subscription_id

),

account_activity as (

    select
        upcoming.subscription_id,
        max(activities.occurred_at) as last_activity_at,
        max(case when activities.activity_type = 'qbr' then activities.occurred_at end) as last_qbr_at,
        sum(case
            when
                activities.activity_type = 'qbr'
                and activities.occurred_at
                >= {{ dbt.dateadd('day', -1 * checks.missing_qbr.lookback_days, 'upcoming.renewal_date') }}
                then 1
            else 0
        end) as qbrs_in_year,
        sum(case
            when
                activities.occurred_at
                >= {{ dbt.dateadd('day', -1 * checks.missing_contact.lookback_days, 'upcoming.renewal_date') }}
                then 1
            else 0
        end) as activities_since_t90
    from upcoming
    inner join activities
        on upcoming.account_id = activities.account_id
            and activities.occurred_at < {{ dbt.dateadd('day', 1, 'upcoming.as_of_date') }}
    group by upcoming.subscription_id

),

signed_renewals as (

    select
        upcoming.subscription_id,
        max(opportunities.closed_at) as renewal_signed_at
    from upcoming
    inner join opportunities
        on upcoming.account_id = opportunities.account_id
            and opportunities.opportunity_type = 'renewal'
            and opportunities.is_won
            and opportunities.closed_at
            >= {{ dbt.dateadd('day', -1 * checks.unsigned.lookback_days, 'upcoming.renewal_date') }}
            and opportunities.closed_at < {{ dbt.dateadd('day', 1, 'upcoming.as_of_date') }}
    group by upcoming.subscription_id

),

latest_health as (

    select
        health.account_id,
        health.health_score,
        health.health_band,
        row_number() over (partition by health.account_id order by health.score_month desc) as recency_rank
    from health
    cross join as_of
    where cast(health.score_month as date) <= as_of.as_of_month

),

final as (

    select
        upcoming.subscription_id,
        upcoming.account_id,
        accounts.segment,
        accounts.csm_owner_id,
        upcoming.renewal_date,
        cast({{ dbt.date_trunc('month', 'upcoming.renewal_date') }} as date) as renewal_month,
        cast(upcoming.term_months as {{ dbt.type_int() }}) as term_months,
        upcoming.auto_renew,
        cast(upcoming.days_to_renewal as {{ dbt.type_int() }}) as days_to_renewal,
        case
            {% for stage in stages %}
                when upcoming.days_to_renewal <= {{ stage }} then 'T-{{ stage }}'
            {% endfor %}
        end as t_minus_stage,
        cast(subscription_arr.arr_usd as {{ dbt.type_numeric() }}) as arr_usd,
        cast(latest_health.health_score as {{ type_double() }}) as health_score,
        cast(latest_health.health_band as {{ dbt.type_string() }}) as health_band,
        cast(account_activity.last_activity_at as {{ dbt.type_timestamp() }}) as last_activity_at,
        cast(account_activity.last_qbr_at as {{ dbt.type_timestamp() }}) as last_qbr_at,
        cast(signed_renewals.renewal_signed_at as {{ dbt.type_timestamp() }}) as renewal_signed_at,
        upcoming.days_to_renewal <= {{ checks.missing_qbr.from_stage_days }}
        and coalesce(account_activity.qbrs_in_year, 0) = 0 as is_missing_qbr,
        upcoming.days_to_renewal <= {{ checks.missing_contact.from_stage_days }}
        and coalesce(account_activity.activities_since_t90, 0) = 0 as is_missing_contact,
        upcoming.days_to_renewal <= {{ checks.unsigned.from_stage_days }}
        and signed_renewals.renewal_signed_at is null
        and not coalesce(upcoming.auto_renew, false) as is_unsigned_at_t14
    from upcoming
    left join subscription_arr
        on upcoming.subscription_id = subscription_arr.subscription_id
    left join account_activity
        on upcoming.subscription_id = account_activity.subscription_id
    left join signed_renewals
        on upcoming.subscription_id = signed_renewals.subscription_id
    left join latest_health
        on upcoming.account_id = latest_health.account_id
            and latest_health.recency_rank = 1
    left join accounts
        on upcoming.account_id = accounts.account_id

)

select * from final
