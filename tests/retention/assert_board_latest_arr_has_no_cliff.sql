{#-
    No fake cliffs: the board's latest month (total row) may not move total ARR by more than var
    board_max_monthly_arr_change against the month before. A bigger jump on the latest month is an
    incomplete month shown as final (e.g. usage billed in arrears not loaded yet), not growth.
-#}
with

board as (

    select * from {{ ref('rpt_board_retention') }}

),

totals as (

    select
        revenue_month,
        arr_usd,
        lag(arr_usd) over (order by revenue_month) as previous_arr_usd,
        row_number() over (order by revenue_month desc) as month_rank
    from board
    where is_total

),

final as (

    select
        revenue_month,
        arr_usd,
        previous_arr_usd,
        arr_usd / previous_arr_usd - 1 as arr_change
    from totals
    where
        month_rank = 1
        and previous_arr_usd > 0
        and abs(arr_usd / previous_arr_usd - 1) > {{ var('board_max_monthly_arr_change') }}

)

select * from final
