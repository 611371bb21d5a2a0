{#-
    MRR per CRM account (not rolled up to the retention grain) for every month from the account's
    first month with MRR > 0 through the reporting month, zero months included. Used where a score or
    trigger needs an account's own ARR.
-#}
with

item_months as (

    select * from {{ ref('int_subscription_item_months_valued') }}

),

usage_months as (

    select * from {{ ref('int_usage_revenue_months_aggregated') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

unioned as (

    select
        account_id,
        revenue_month,
        mrr_usd,
        mrr_usd_actual_fx
    from item_months

    union all

    select
        account_id,
        revenue_month,
        usage_mrr_usd as mrr_usd,
        usage_mrr_usd_actual_fx as mrr_usd_actual_fx
    from usage_months

),

account_months as (

    select
        account_id,
        revenue_month,
        sum(mrr_usd) as mrr_usd,
        sum(mrr_usd_actual_fx) as mrr_usd_actual_fx
    from unioned
    group by account_id, revenue_month

),

first_months as (

    select
        account_id,
        min(revenue_month) as first_revenue_month
    from account_months
    where mrr_usd > 0
    group by account_id

),

densified as (

    select
        first_months.account_id,
        months.revenue_month
    from first_months
    inner join months
        on first_months.first_revenue_month <= months.revenue_month

),

final as (

    select
        densified.account_id,
        densified.revenue_month,
        cast(coalesce(account_months.mrr_usd, 0) as {{ dbt.type_numeric() }}) as mrr_usd,
        cast(coalesce(account_months.mrr_usd_actual_fx, 0) as {{ dbt.type_numeric() }}) as mrr_usd_actual_fx,
        cast(12 * coalesce(account_months.mrr_usd, 0) as {{ dbt.type_numeric() }}) as arr_usd
    from densified
    left join account_months
        on
            densified.account_id = account_months.account_id
            and densified.revenue_month = account_months.revenue_month

)

select * from final
