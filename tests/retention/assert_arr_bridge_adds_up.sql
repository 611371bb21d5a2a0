{#-
    Each bridge row adds up to the cent: start + transfers + new + expansion + reactivation
    - contraction - churn + FX = end; and each total row equals the sum of its segment rows.
-#}
with

bridge as (

    select * from {{ ref('rpt_arr_bridge') }}

),

row_gaps as (

    select
        bridge_row_id,
        'row does not add up' as failure,
        starting_mrr_usd + segment_transfer_usd + new_mrr_usd + expansion_mrr_usd + reactivation_mrr_usd
        - contraction_mrr_usd - churn_mrr_usd + fx_impact_usd - ending_mrr_usd as gap_usd
    from bridge

),

segment_sums as (

    select
        revenue_month,
        sum(starting_mrr_usd) as starting_mrr_usd,
        sum(new_mrr_usd + expansion_mrr_usd + reactivation_mrr_usd) as gains_usd,
        sum(contraction_mrr_usd + churn_mrr_usd) as losses_usd,
        sum(segment_transfer_usd) as transfers_usd,
        sum(ending_mrr_usd) as ending_mrr_usd
    from bridge
    where not is_total
    group by revenue_month

),

total_gaps as (

    select
        totals.bridge_row_id,
        'total row differs from the sum of segments' as failure,
        abs(totals.starting_mrr_usd - segment_sums.starting_mrr_usd)
        + abs(totals.new_mrr_usd + totals.expansion_mrr_usd + totals.reactivation_mrr_usd - segment_sums.gains_usd)
        + abs(totals.contraction_mrr_usd + totals.churn_mrr_usd - segment_sums.losses_usd)
        + abs(segment_sums.transfers_usd)
        + abs(totals.ending_mrr_usd - segment_sums.ending_mrr_usd) as gap_usd
    from bridge as totals
    inner join segment_sums
        on totals.revenue_month = segment_sums.revenue_month
    where totals.is_total

),

final as (

    select * from row_gaps
    where abs(gap_usd) >= 0.01
    union all
    select * from total_gaps
    where abs(gap_usd) >= 0.01

)

select * from final
