{#-
    Trailing-twelve-month retention at each month t (the board figure). The base is every grain with
    MRR > 0 at t-12; each base grain is placed in cuts by its attributes at t-12.
        NRR  = sum(MRR_t) / sum(MRR_t-12)
        GRR  = sum(min(MRR_t, MRR_t-12)) / sum(MRR_t-12)     (capped per grain)
        logo = count(MRR_t > 0) / count(base)
    The grain-level rows (base, net and gross retained MRR, attributes at t-12) come from
    fct_retention_ttm_grains (which the semantic layer also reads; it ends at the last closed month
    unless var board_include_open_month). Cuts: total, segment, acv_band
    (ARR at t-12), region, pricing_model.
-#}
with

ttm_grains as (

    select * from {{ ref('fct_retention_ttm_grains') }}

),

{%- set cuts = ['segment', 'acv_band', 'region', 'pricing_model'] %}

cut_rows as (

    select
        retention_month,
        'total' as cut_type,
        'total' as cut_value,
        grain_id,
        base_mrr_usd,
        net_retained_mrr_usd,
        gross_retained_mrr_usd,
        expansion_retained_mrr_usd,
        retained_grains
    from ttm_grains
    {% for cut in cuts %}
        union all

        select
            retention_month,
            '{{ cut }}' as cut_type,
            {{ cut }} as cut_value,
            grain_id,
            base_mrr_usd,
            net_retained_mrr_usd,
            gross_retained_mrr_usd,
            expansion_retained_mrr_usd,
            retained_grains
        from ttm_grains
    {% endfor %}

),

aggregated as (

    select
        retention_month,
        cut_type,
        cut_value,
        count(*) as base_grains,
        sum(retained_grains) as retained_grains,
        sum(base_mrr_usd) as base_mrr_usd,
        sum(net_retained_mrr_usd) as net_retained_mrr_usd,
        sum(gross_retained_mrr_usd) as gross_retained_mrr_usd,
        sum(expansion_retained_mrr_usd) as expansion_retained_mrr_usd
    from cut_rows
    group by retention_month, cut_type, cut_value

),

final as (

    select
        {{ dbt.concat(['cast(retention_month as ' ~ dbt.type_string() ~ ')', "'|'", 'cut_type', "'|'", 'cut_value']) }}
            as retention_row_id,
        retention_month,
        cut_type,
        cut_value,
        cast(base_grains as {{ dbt.type_bigint() }}) as base_grains,
        cast(retained_grains as {{ dbt.type_bigint() }}) as retained_grains,
        cast(base_mrr_usd as {{ dbt.type_numeric() }}) as base_mrr_usd,
        cast(net_retained_mrr_usd as {{ dbt.type_numeric() }}) as net_retained_mrr_usd,
        cast(gross_retained_mrr_usd as {{ dbt.type_numeric() }}) as gross_retained_mrr_usd,
        cast(expansion_retained_mrr_usd as {{ dbt.type_numeric() }}) as expansion_retained_mrr_usd,
        cast(1e0 * net_retained_mrr_usd / base_mrr_usd as {{ type_double() }}) as nrr,
        cast(1e0 * gross_retained_mrr_usd / base_mrr_usd as {{ type_double() }}) as grr,
        cast(1e0 * retained_grains / base_grains as {{ type_double() }}) as logo_retention
    from aggregated

)

select * from final
