{#-
    Errors when the ARR held back in quarantine passes var held_arr_tolerance (default 0.5%) of a
    board month's ARR (constant currency): past that, the month's figures are too incomplete to
    publish. Returns one row per offending month.
-#}
with

board as (

    select * from {{ ref('rpt_board_retention') }}

),

final as (

    select
        revenue_month,
        arr_usd_constant,
        quarantined_arr_usd,
        {{ var('held_arr_tolerance') }} as held_arr_tolerance
    from board
    where
        is_total
        and quarantined_arr_usd > {{ var('held_arr_tolerance') }} * arr_usd_constant

)

select * from final
