{{ config(severity='warn', store_failures=true) }}
{#- Benchmark: a segment whose TTM NRR in the latest closed month is below its target (reference 002). -#}
with

board as (

    select * from {{ ref('rpt_board_retention') }}

),

latest_closed as (

    select max(revenue_month) as revenue_month from board
    where is_month_closed

),

final as (

    select
        board.revenue_month,
        board.segment,
        board.ttm_nrr,
        board.nrr_target,
        board.nrr_gap_to_target,
        board.nrr_gap_cost_3y_usd
    from board
    inner join latest_closed
        on board.revenue_month = latest_closed.revenue_month
    where
        not board.is_total
        and board.ttm_nrr < board.nrr_target

)

select * from final
