{#-
    The scoring grain: one row per account and month in which the account pays (MRR > 0) up to
    int_as_of_date_resolved.latest_score_month, with the date the month's signals are measured at
    (`reference_date`: the month's last day, or the as-of date for the current month), its MRR now
    and three months earlier, and account attributes.
-#}
with

mrr_months as (

    select * from {{ ref('int_account_mrr_months_aggregated') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

segment_months as (

    select * from {{ ref('int_account_segment_months_resolved') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

paying_months as (

    select
        mrr_months.account_id,
        mrr_months.revenue_month as score_month,
        mrr_months.mrr_usd,
        mrr_months.arr_usd,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'mrr_months.revenue_month')) }} as date
        ) as month_end_date,
        as_of.as_of_date
    from mrr_months
    cross join as_of
    where mrr_months.mrr_usd > 0
        and mrr_months.revenue_month <= as_of.latest_score_month

),

with_history as (

    select
        paying_months.*,
        earlier.mrr_usd as mrr_usd_3m_ago
    from paying_months
    left join mrr_months as earlier
        on paying_months.account_id = earlier.account_id
            and earlier.revenue_month = cast({{ dbt.dateadd('month', -3, 'paying_months.score_month') }} as date)

),

final as (

    select
        with_history.account_id,
        with_history.score_month,
        with_history.month_end_date,
        case
            when with_history.as_of_date < with_history.month_end_date then with_history.as_of_date
            else with_history.month_end_date
        end as reference_date,
        coalesce(segment_months.segment, accounts.segment, 'unknown') as segment,
        accounts.industry,
        coalesce(accounts.region, 'unknown') as region,
        accounts.employee_count as current_employee_count,
        accounts.fiscal_year_start_month,
        cast(coalesce(accounts.onboarded_at, accounts.created_at) as date) as onboarded_date,
        cast(with_history.mrr_usd as {{ type_double() }}) as mrr_usd,
        cast(with_history.arr_usd as {{ type_double() }}) as arr_usd,
        cast(with_history.mrr_usd_3m_ago as {{ type_double() }}) as mrr_usd_3m_ago
    from with_history
    left join accounts
        on with_history.account_id = accounts.account_id
    left join segment_months
        on with_history.account_id = segment_months.account_id
            and with_history.score_month = segment_months.revenue_month

)

select * from final
