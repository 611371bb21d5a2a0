{#-
    Contracted recurring revenue recognised per month, day-weighted: every subscription item version
    contributes its monthly contracted value (quantity x unit_price x (1 - discount_pct) /
    billing_interval_months, the MRR formula) times the share of the month's days it is valid
    (valid_from_date <= day < valid_to_date), at the month's constant rate. This is what invoices
    for the same contracts recognise when their service periods are spread by day
    (int_recurring_revenue_months_recognised), so the two reconcile like for like: a change effective
    on the 1st counts in full in its month, a start on the 20th by its 11 or 12 days. Items without a
    quantity (metered) contribute nothing here: their revenue is usage, billed on usage lines.
-#}
with

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_months_resolved') }}

),

month_bounds as (

    select
        revenue_month,
        cast({{ dbt.dateadd('month', 1, 'revenue_month') }} as date) as next_month
    from months

),

month_lengths as (

    select
        revenue_month,
        next_month,
        {{ dbt.datediff('revenue_month', 'next_month', 'day') }} as days_in_month  -- noqa: LT05
    from month_bounds

),

item_month_fractions as (

    {#- the share of the month's days the item version is valid #}
    select
        subscription_items.currency,
        month_lengths.revenue_month,
        cast(subscription_items.quantity as {{ type_double() }})
        * cast(subscription_items.unit_price as {{ type_double() }})
        * (1 - coalesce(cast(subscription_items.discount_pct as {{ type_double() }}), 0))
        / subscription_items.billing_interval_months as monthly_value_local,
        1e0 * {{ dbt.datediff(
            'greatest(subscription_items.valid_from_date, month_lengths.revenue_month)',
            'least(coalesce(subscription_items.valid_to_date, month_lengths.next_month), month_lengths.next_month)',
            'day',
        ) }}
        / month_lengths.days_in_month as month_fraction
    from subscription_items
    inner join month_lengths
        on
            subscription_items.valid_from_date < month_lengths.next_month
            and (
                subscription_items.valid_to_date > month_lengths.revenue_month
                or subscription_items.valid_to_date is null
            )

),

currency_months as (

    select
        revenue_month,
        currency,
        {{ exact_sum('monthly_value_local * month_fraction') }} as contracted_revenue_local
    from item_month_fractions
    group by revenue_month, currency

),

final as (

    select
        currency_months.revenue_month,
        cast(
            {{ exact_sum('currency_months.contracted_revenue_local * fx_rates.constant_usd_per_unit') }}
            as {{ dbt.type_numeric() }}
        ) as contracted_revenue_usd
    from currency_months
    left join fx_rates
        on
            currency_months.revenue_month = fx_rates.revenue_month
            and currency_months.currency = fx_rates.currency
    group by currency_months.revenue_month

)

select * from final
