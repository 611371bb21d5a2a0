{#-
    One row per subscription item version per month it is active on the month's snapshot day
    (date(valid_from) <= day < date(valid_to), open-ended when valid_to is null), valued as contracted
    MRR: quantity x unit_price x (1 - discount_pct) / billing_interval_months, in the item's currency,
    in USD at the constant rate and in USD at the month-end rate.
-#}
with

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

hierarchies as (

    select * from {{ ref('int_account_hierarchies_resolved') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_months_resolved') }}

),

active_in_month as (

    select
        subscription_items.*,
        months.revenue_month,
        months.snapshot_date
    from subscription_items
    inner join months
        on
            subscription_items.valid_from_date <= months.snapshot_date
            and (
                subscription_items.valid_to_date > months.snapshot_date
                or subscription_items.valid_to_date is null
            )

),

valued as (

    select
        active_in_month.subscription_item_id,
        active_in_month.revenue_month,
        active_in_month.snapshot_date,
        active_in_month.subscription_id,
        active_in_month.account_id,
        hierarchies.retention_grain_id as grain_id,
        active_in_month.plan_id,
        active_in_month.product_line,
        active_in_month.is_addon,
        active_in_month.tier_rank,
        active_in_month.pricing_model,
        active_in_month.quantity,
        active_in_month.currency,
        cast(active_in_month.quantity as {{ type_double() }})
        * cast(active_in_month.unit_price as {{ type_double() }})
        * (1 - coalesce(cast(active_in_month.discount_pct as {{ type_double() }}), 0))
        / active_in_month.billing_interval_months as mrr_local,
        fx_rates.constant_usd_per_unit,
        fx_rates.month_end_usd_per_unit
    from active_in_month
    inner join hierarchies
        on active_in_month.account_id = hierarchies.account_id
    left join fx_rates
        on
            active_in_month.revenue_month = fx_rates.revenue_month
            and active_in_month.currency = fx_rates.currency

),

final as (

    select
        subscription_item_id,
        revenue_month,
        snapshot_date,
        subscription_id,
        account_id,
        grain_id,
        plan_id,
        product_line,
        is_addon,
        tier_rank,
        pricing_model,
        quantity,
        currency,
        {#- decimals from here on, so sums downstream are exact and rebuilds byte-identical #}
        cast(mrr_local as {{ dbt.type_numeric() }}) as mrr_local,
        cast(mrr_local * constant_usd_per_unit as {{ dbt.type_numeric() }}) as mrr_usd,
        cast(mrr_local * month_end_usd_per_unit as {{ dbt.type_numeric() }}) as mrr_usd_actual_fx
    from valued

)

select * from final
