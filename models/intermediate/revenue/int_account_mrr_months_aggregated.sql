{#-
    STUB until the retention issue lands the real model: contracted MRR per account and month from
    subscription items active on the month's last day (quantity x unit price x (1 - discount) /
    billing interval), no FX conversion, no usage revenue. One row per account and month from the
    first month with MRR > 0 through the as-of month, zero months included.
-#}
with

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

month_spine as (

    {{ dbt.date_spine(
        datepart='month',
        start_date="cast('2015-01-01' as date)",
        end_date="cast('2035-01-01' as date)",
    ) }}

),

months as (

    select
        cast(month_spine.date_month as date) as revenue_month,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_spine.date_month')) }} as date)
            as month_end_date
    from month_spine
    cross join as_of
    where month_spine.date_month <= as_of.as_of_month

),

item_months as (

    select
        subscription_items.account_id,
        months.revenue_month,
        sum(
            subscription_items.quantity * subscription_items.unit_price
            * (1 - coalesce(subscription_items.discount_pct, 0))
            / subscription_items.billing_interval_months
        ) as mrr_usd
    from subscription_items
    inner join months
        on subscription_items.valid_from_date <= months.month_end_date
            and (
                subscription_items.valid_to_date > months.month_end_date
                or subscription_items.valid_to_date is null
            )
    group by subscription_items.account_id, months.revenue_month

),

first_months as (

    select
        account_id,
        min(revenue_month) as first_revenue_month
    from item_months
    where mrr_usd > 0
    group by account_id

),

spined as (

    select
        first_months.account_id,
        months.revenue_month,
        coalesce(item_months.mrr_usd, 0) as mrr_usd
    from first_months
    inner join months
        on months.revenue_month >= first_months.first_revenue_month
    left join item_months
        on first_months.account_id = item_months.account_id
            and months.revenue_month = item_months.revenue_month

),

final as (

    select
        account_id,
        revenue_month,
        cast(mrr_usd as {{ type_double() }}) as mrr_usd,
        cast(12 * mrr_usd as {{ type_double() }}) as arr_usd
    from spined

)

select * from final
