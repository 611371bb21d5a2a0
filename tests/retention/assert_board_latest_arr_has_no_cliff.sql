{#-
    No fake cliffs: warns when the board's latest month (total row) moves total ARR by more than var
    board_max_monthly_arr_change against the month before. On a large book such a jump is usually an
    incomplete month shown as final (e.g. usage billed in arrears not loaded yet); on a small or young
    book it is ordinary growth or one large churn. A warning, not a publish gate: the month-close rule
    (var month_close_day) decides what is final, and this cannot tell noise from a data error.
-#}
{{ config(severity='warn', store_failures=true) }}
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
