{#- For every month and cut type, the cut values add up to the total row (grains and MRR). -#}
with

retention as (

    select * from {{ ref('rpt_retention_ttm') }}

),

cut_sums as (

    select
        retention_month,
        cut_type,
        sum(base_grains) as base_grains,
        sum(retained_grains) as retained_grains,
        sum(base_mrr_usd) as base_mrr_usd,
        sum(net_retained_mrr_usd) as net_retained_mrr_usd,
        sum(gross_retained_mrr_usd) as gross_retained_mrr_usd
    from retention
    where cut_type != 'total'
    group by retention_month, cut_type

),

final as (

    select
        cut_sums.retention_month,
        cut_sums.cut_type
    from cut_sums
    inner join retention as totals
        on
            cut_sums.retention_month = totals.retention_month
            and totals.cut_type = 'total'
    where
        cut_sums.base_grains != totals.base_grains
        or cut_sums.retained_grains != totals.retained_grains
        or abs(cut_sums.base_mrr_usd - totals.base_mrr_usd) >= 0.01
        or abs(cut_sums.net_retained_mrr_usd - totals.net_retained_mrr_usd) >= 0.01
        or abs(cut_sums.gross_retained_mrr_usd - totals.gross_retained_mrr_usd) >= 0.01

)

select * from final
