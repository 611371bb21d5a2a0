{#-
    GRR diagnostic at the latest closed month: per segment and in total, TTM GRR and NRR, the GRR
    band (benchmark_grr_bands) and what the band calls for (benchmark_grr_band_actions: whether to
    invest in expansion, the first action, the levers), plus how much of NRR comes from expansion
    (NRR - GRR) and whether expansion is hiding a retention problem (NRR at or above the segment
    target while GRR is below the healthy band). Run with `dbt compile --select grr_diagnostic`.
-#}
with

board as (

    select * from {{ ref('rpt_board_retention') }}

),

grr_bands as (

    select * from {{ ref('benchmark_grr_bands') }}

),

band_actions as (

    select * from {{ ref('benchmark_grr_band_actions') }}

),

latest_closed as (

    select max(revenue_month) as revenue_month
    from board
    where is_month_closed

),

healthy_floor as (

    select lower_bound as healthy_grr_floor
    from grr_bands
    where grr_band = 'healthy'

),

final as (

    select
        board.revenue_month,
        board.segment,
        board.arr_usd,
        board.ttm_grr,
        board.ttm_nrr,
        board.nrr_target,
        board.grr_band,
        band_actions.expansion_investment,
        band_actions.first_action,
        band_actions.levers,
        board.ttm_nrr - board.ttm_grr as expansion_contribution,
        coalesce(board.ttm_nrr >= board.nrr_target and board.ttm_grr < healthy_floor.healthy_grr_floor, false)
            as is_expansion_masking_churn
    from board
    inner join latest_closed
        on board.revenue_month = latest_closed.revenue_month
    cross join healthy_floor
    left join band_actions
        on board.grr_band = band_actions.grr_band

)

select * from final
