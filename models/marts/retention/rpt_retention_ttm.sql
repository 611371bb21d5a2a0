{#-
    Trailing-twelve-month retention at each month t (the board figure). The base is every grain with
    MRR > 0 at t-12; each base grain is placed in cuts by its attributes at t-12.
        NRR  = sum(MRR_t) / sum(MRR_t-12)
        GRR  = sum(min(MRR_t, MRR_t-12)) / sum(MRR_t-12)     (capped per grain)
        logo = count(MRR_t > 0) / count(base)
    A base grain with no row at t (churned earlier) counts with MRR_t = 0. Cuts: total, segment,
    acv_band (ARR at t-12), region, pricing_model.
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

base as (

    select
        months.revenue_month as retention_month,
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
        base.*,
        coalesce(current_rows.mrr_usd, 0) as current_mrr_usd
    from base
    left join mrr as current_rows
        on
            base.grain_id = current_rows.grain_id
            and base.retention_month = current_rows.revenue_month

),

{%- set cuts = ['segment', 'acv_band', 'region', 'pricing_model'] %}

cut_rows as (

    select
        retention_month,
        'total' as cut_type,
        'total' as cut_value,
        grain_id,
        base_mrr_usd,
        current_mrr_usd
    from measured
    {% for cut in cuts %}
        union all

        select
            retention_month,
            '{{ cut }}' as cut_type,
            coalesce({{ cut }}, 'unknown') as cut_value,
            grain_id,
            base_mrr_usd,
            current_mrr_usd
        from measured
    {% endfor %}

),

aggregated as (

    select
        retention_month,
        cut_type,
        cut_value,
        count(*) as base_grains,
        sum(case when current_mrr_usd > 0 then 1 else 0 end) as retained_grains,
        sum(base_mrr_usd) as base_mrr_usd,
        sum(current_mrr_usd) as net_retained_mrr_usd,
        sum(case when current_mrr_usd < base_mrr_usd then current_mrr_usd else base_mrr_usd end)
            as gross_retained_mrr_usd,
        sum(case when current_mrr_usd > base_mrr_usd then current_mrr_usd - base_mrr_usd else 0 end)
            as expansion_retained_mrr_usd
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
        cast(1.0 * net_retained_mrr_usd / base_mrr_usd as {{ type_double() }}) as nrr,
        cast(1.0 * gross_retained_mrr_usd / base_mrr_usd as {{ type_double() }}) as grr,
        cast(1.0 * retained_grains / base_grains as {{ type_double() }}) as logo_retention
    from aggregated

)

select * from final
