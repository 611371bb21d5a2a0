{#-
    MRR per retention grain, revenue line and month. A revenue line is a product line sold under one
    pricing model (a grain can hold per-seat and usage-priced plans of the same product line, whose
    quantities must not be added up). Contracted MRR of the items active on the snapshot day plus
    usage revenue (usage revenue sits on the product line's `usage` line), with the quantity and tier
    the movement split needs. Only grain-months with an active item or usage revenue appear.
-#}
with

item_months as (

    select * from {{ ref('int_subscription_item_months_valued') }}

),

usage_months as (

    select * from {{ ref('int_usage_revenue_months_aggregated') }}

),

unioned as (

    select
        grain_id,
        product_line,
        pricing_model,
        revenue_month,
        mrr_usd as contracted_mrr_usd,
        mrr_usd_actual_fx as contracted_mrr_usd_actual_fx,
        0 as usage_mrr_usd,
        0 as usage_mrr_usd_actual_fx,
        cast(quantity as {{ type_double() }}) as quantity,
        case when pricing_model = 'per_seat' then cast(quantity as {{ type_double() }}) else 0 end as seats,
        tier_rank,
        case when is_addon then 1 else 0 end as is_addon_flag
    from item_months

    union all

    select
        grain_id,
        product_line,
        'usage' as pricing_model,
        revenue_month,
        0 as contracted_mrr_usd,
        0 as contracted_mrr_usd_actual_fx,
        usage_mrr_usd,
        usage_mrr_usd_actual_fx,
        0 as quantity,
        0 as seats,
        null as tier_rank,
        0 as is_addon_flag
    from usage_months

),

aggregated as (

    select
        grain_id,
        product_line,
        pricing_model,
        revenue_month,
        sum(contracted_mrr_usd) as contracted_mrr_usd,
        sum(contracted_mrr_usd_actual_fx) as contracted_mrr_usd_actual_fx,
        sum(usage_mrr_usd) as usage_mrr_usd,
        sum(usage_mrr_usd_actual_fx) as usage_mrr_usd_actual_fx,
        sum(quantity) as quantity,
        sum(seats) as seats,
        max(tier_rank) as tier_rank,
        max(is_addon_flag) = 1 as is_addon
    from unioned
    group by grain_id, product_line, pricing_model, revenue_month

),

final as (

    select
        grain_id,
        product_line,
        pricing_model,
        revenue_month,
        contracted_mrr_usd,
        usage_mrr_usd,
        quantity,
        seats,
        tier_rank,
        is_addon,
        contracted_mrr_usd + usage_mrr_usd as mrr_usd,
        contracted_mrr_usd_actual_fx + usage_mrr_usd_actual_fx as mrr_usd_actual_fx
    from aggregated

)

select * from final
