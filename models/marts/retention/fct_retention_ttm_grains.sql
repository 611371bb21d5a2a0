{#-
    Trailing-twelve-month retention at grain level: one row per month t per grain in the base, the
    grains with MRR > 0 at t-12. Each row carries the grain's MRR at t-12 (base), at t (net
    retained; zero when the grain has no row at t because it churned earlier) and min of the two
    (gross retained, the per-grain cap), and the grain's segment, ACV band, region and pricing model
    at t-12. rpt_retention_ttm aggregates these rows into its cuts; the semantic layer sums them at
    any slice, so NRR, GRR and logo retention stay ratios of sums, never averages of ratios.
    Like the board, it ends at the last closed month (docs block open_month_rule).
-#}
with

mrr as (

    select * from {{ ref('fct_mrr') }}

),

months as (

    {#- board months: through the last closed month unless var board_include_open_month #}
    select * from {{ ref('int_months_spined') }}
    where {{ 'true' if var('board_include_open_month') else 'is_month_closed' }}

),

based as (

    select
        months.revenue_month as retention_month,
        base_rows.revenue_month as base_month,
        base_rows.grain_id,
        base_rows.mrr_usd as base_mrr_usd,
        base_rows.segment,
        base_rows.acv_band,
        base_rows.region,
        base_rows.pricing_model
    from months
    inner join mrr as base_rows
        on base_rows.revenue_month = {{ dbt.dateadd('month', -12, 'months.revenue_month') }}
    where base_rows.mrr_usd > 0

),

measured as (

    select
        based.*,
        coalesce(current_rows.mrr_usd, 0) as current_mrr_usd
    from based
    left join mrr as current_rows
        on
            based.grain_id = current_rows.grain_id
            and based.retention_month = current_rows.revenue_month

),

final as (

    select
        {{ dbt.concat(['grain_id', "'|'", 'cast(retention_month as ' ~ dbt.type_string() ~ ')']) }}
            as retention_grain_month_id,
        {{ dbt.concat(['grain_id', "'|'", 'cast(base_month as ' ~ dbt.type_string() ~ ')']) }}
            as base_grain_month_id,
        grain_id,
        retention_month,
        cast(base_month as date) as base_month,
        cast(base_mrr_usd as {{ dbt.type_numeric() }}) as base_mrr_usd,
        cast(current_mrr_usd as {{ dbt.type_numeric() }}) as net_retained_mrr_usd,
        cast(
            case when current_mrr_usd < base_mrr_usd then current_mrr_usd else base_mrr_usd end
            as {{ dbt.type_numeric() }}
        ) as gross_retained_mrr_usd,
        cast(
            case when current_mrr_usd > base_mrr_usd then current_mrr_usd - base_mrr_usd else 0 end
            as {{ dbt.type_numeric() }}
        ) as expansion_retained_mrr_usd,
        current_mrr_usd > 0 as is_retained,
        cast(case when current_mrr_usd > 0 then 1 else 0 end as {{ dbt.type_int() }}) as retained_grains,
        coalesce(segment, 'unknown') as segment,
        coalesce(acv_band, 'unknown') as acv_band,
        coalesce(region, 'unknown') as region,
        coalesce(pricing_model, 'unknown') as pricing_model
    from measured

)

select * from final
