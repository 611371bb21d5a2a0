{{ config(severity='warn', store_failures=true) }}
{#- Benchmark: a segment whose TTM GRR in the latest closed month is below its floor (reference 000). -#}
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
        board.ttm_grr,
        board.benchmark_grr_floor,
        board.grr_band
    from board
    inner join latest_closed
        on board.revenue_month = latest_closed.revenue_month
    where
        not board.is_total
        and board.ttm_grr < board.benchmark_grr_floor

)

select * from final
