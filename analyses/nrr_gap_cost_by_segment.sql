{#-
    Cost of the NRR gap by segment over three years, at the latest closed month: starting from
    today's ARR, the ARR each year on the segment's current TTM NRR and on its NRR target, and the
    difference, a run-rate (year 3 equals rpt_board_retention.nrr_gap_cost_3y_usd, ARR x (target^3 -
    NRR^3)); and the revenue lost from today to the end of each year, both paths compounding monthly
    (macro nrr_gap_revenue_usd; year 3 equals rpt_board_retention.nrr_gap_revenue_3y_usd). Segments
    at or above target cost nothing. Run with `dbt compile --select nrr_gap_cost_by_segment`.
-#}
with

board as (

    select * from {{ ref('rpt_board_retention') }}

),

latest_closed as (

    select max(revenue_month) as revenue_month
    from board
    where is_month_closed

),

years as (

    select 1 as year_number
    union all
    select 2 as year_number
    union all
    select 3 as year_number

),

segments as (

    select
        board.revenue_month,
        board.segment,
        board.arr_usd,
        board.ttm_nrr,
        board.nrr_target,
        board.nrr_gap_cost_3y_usd,
        board.nrr_gap_revenue_3y_usd
    from board
    inner join latest_closed
        on board.revenue_month = latest_closed.revenue_month
    where board.ttm_nrr is not null

),

projected as (

    select
        segments.revenue_month,
        segments.segment,
        years.year_number,
        segments.arr_usd,
        segments.ttm_nrr,
        segments.nrr_target,
        segments.nrr_gap_cost_3y_usd,
        segments.nrr_gap_revenue_3y_usd,
        case years.year_number
            {%- for year in [1, 2, 3] %}
                when {{ year }} then {{ nrr_gap_revenue_usd(
                    'segments.arr_usd', 'segments.ttm_nrr', 'segments.nrr_target', 12 * year
                ) }}
            {%- endfor %}
        end as revenue_gap_to_date_usd,
        segments.arr_usd * power(segments.ttm_nrr, years.year_number) as arr_on_current_nrr_usd,
        segments.arr_usd * power(segments.nrr_target, years.year_number) as arr_on_target_nrr_usd
    from segments
    cross join years

),

final as (

    select
        revenue_month,
        segment,
        year_number,
        arr_usd,
        ttm_nrr,
        nrr_target,
        arr_on_current_nrr_usd,
        arr_on_target_nrr_usd,
        nrr_gap_cost_3y_usd as board_nrr_gap_cost_3y_usd,
        nrr_gap_revenue_3y_usd as board_nrr_gap_revenue_3y_usd,
        revenue_gap_to_date_usd,
        case
            when ttm_nrr < nrr_target then arr_on_target_nrr_usd - arr_on_current_nrr_usd
            else 0
        end as nrr_gap_cost_usd
    from projected

)

select * from final
