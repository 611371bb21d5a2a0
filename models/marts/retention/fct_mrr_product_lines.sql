{#-
    MRR by product line: one row per retention grain, month and product line with revenue, for the
    grain-months of fct_mrr. Constant currency unless suffixed _actual_fx.
-#}
with

revenue_lines as (

    select * from {{ ref('int_grain_revenue_line_months_aggregated') }}

),

mrr as (

    select * from {{ ref('fct_mrr') }}

),

aggregated as (

    select
        grain_id,
        revenue_month,
        product_line,
        sum(mrr_usd) as mrr_usd,
        sum(mrr_usd_actual_fx) as mrr_usd_actual_fx,
        sum(contracted_mrr_usd) as contracted_mrr_usd,
        sum(usage_mrr_usd) as usage_mrr_usd,
        sum(seats) as seats,
        max(tier_rank) as tier_rank,
        max(case when is_addon then 1 else 0 end) = 1 as is_addon
    from revenue_lines
    group by grain_id, revenue_month, product_line

),

final as (

    select
        {{ dbt.concat([
            'aggregated.grain_id', "'|'", 'cast(aggregated.revenue_month as ' ~ dbt.type_string() ~ ')',
            "'|'", 'aggregated.product_line',
        ]) }} as grain_month_product_line_id,
        aggregated.grain_id,
        aggregated.revenue_month,
        aggregated.product_line,
        aggregated.is_addon,
        cast(aggregated.mrr_usd as {{ dbt.type_numeric() }}) as mrr_usd,
        cast(aggregated.mrr_usd_actual_fx as {{ dbt.type_numeric() }}) as mrr_usd_actual_fx,
        cast(aggregated.contracted_mrr_usd as {{ dbt.type_numeric() }}) as contracted_mrr_usd,
        cast(aggregated.usage_mrr_usd as {{ dbt.type_numeric() }}) as usage_mrr_usd,
        cast(aggregated.seats as {{ type_double() }}) as seats,
        cast(aggregated.tier_rank as {{ dbt.type_int() }}) as tier_rank
    from aggregated
    inner join mrr
        on
            aggregated.grain_id = mrr.grain_id
            and aggregated.revenue_month = mrr.revenue_month

)

select * from final
