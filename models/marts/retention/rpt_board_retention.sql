{#-
    The board retention table: one row per month per segment plus a `total` row.
    - ARR at actual FX (what was reported) and at constant currency (arr_usd_constant).
    - TTM NRR / GRR / logo retention (snapshot method, rpt_retention_ttm) and the trailing-12-month
      ARR movements (12 x the sum of the monthly bridge movements over months t-11..t).
    - Period-movement NRR (ChartMogul style): (start + expansion - contraction - churn) / start, start
      being constant-currency MRR at the end of t-12, movements over t-11..t, new and reactivation
      left out. Expansion from grains that landed inside the window counts here, not in TTM NRR.
    - GRR band, segment NRR target (total row: weighted by TTM base MRR), the gap, and its cost
      (macros/retention/nrr_gap.sql): run-rate gaps after 1 and 3 years, cumulative 3-year revenue.
    - Benchmark medians / top quartiles per segment (null on the total row).
    - is_month_closed: the data covers day `month_close_day` of the next month. Closed months are
      snapshotted (snap_board_retention) and rpt_board_restatements shows later changes. The bridge
      and TTM marts end at the last closed month unless var board_include_open_month.
    - quarantined_arr_usd: ARR held back in quarantine that month (total row only).
-#}
with

bridge as (

    select * from {{ ref('rpt_arr_bridge') }}

),

retention as (

    select * from {{ ref('rpt_retention_ttm') }}

),

grr_bands as (

    select * from {{ ref('benchmark_grr_bands') }}

),

nrr_benchmarks as (

    select * from {{ ref('benchmark_nrr_by_segment') }}

),

grr_benchmarks as (

    select * from {{ ref('benchmark_grr_by_segment') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

held_mrr as (

    select * from {{ ref('int_quarantined_mrr_months_valued') }}

),

held_by_month as (

    select
        revenue_month,
        sum(held_mrr_usd) as held_mrr_usd
    from held_mrr
    group by revenue_month

),

trailing_movements as (

    select
        current_rows.revenue_month,
        current_rows.segment,
        sum(window_rows.new_mrr_usd) as ttm_new_mrr_usd,
        sum(window_rows.expansion_mrr_usd) as ttm_expansion_mrr_usd,
        sum(window_rows.reactivation_mrr_usd) as ttm_reactivation_mrr_usd,
        sum(window_rows.contraction_mrr_usd) as ttm_contraction_mrr_usd,
        sum(window_rows.churn_mrr_usd) as ttm_churn_mrr_usd,
        sum(
            case
                when window_rows.revenue_month = {{ dbt.dateadd('month', -11, 'current_rows.revenue_month') }}
                    then window_rows.starting_mrr_usd_constant
                else 0
            end
        ) as period_start_mrr_usd,
        count(*) as months_in_window
    from bridge as current_rows
    inner join bridge as window_rows
        on
            current_rows.segment = window_rows.segment
            and current_rows.revenue_month >= window_rows.revenue_month
            and window_rows.revenue_month >= {{ dbt.dateadd('month', -11, 'current_rows.revenue_month') }}
    group by current_rows.revenue_month, current_rows.segment

),

segment_retention as (

    select
        retention_month as revenue_month,
        base_mrr_usd,
        nrr,
        grr,
        logo_retention,
        case when cut_type = 'total' then 'total' else cut_value end as segment
    from retention
    where cut_type in ('total', 'segment')

),

weighted_targets as (

    select
        segment_retention.revenue_month,
        cast({{ exact_sum('segment_retention.base_mrr_usd * nrr_benchmarks.nrr_target') }} as {{ type_double() }})
        / sum(segment_retention.base_mrr_usd)
            as nrr_target
    from segment_retention
    inner join nrr_benchmarks
        on segment_retention.segment = nrr_benchmarks.segment
    group by segment_retention.revenue_month

),

joined as (

    select
        bridge.revenue_month,
        bridge.segment,
        bridge.is_total,
        bridge.ending_arr_usd as arr_usd,
        segment_retention.base_mrr_usd as ttm_base_mrr_usd,
        segment_retention.nrr as ttm_nrr,
        segment_retention.grr as ttm_grr,
        segment_retention.logo_retention as ttm_logo_retention,
        trailing_movements.months_in_window,
        trailing_movements.ttm_new_mrr_usd,
        trailing_movements.ttm_expansion_mrr_usd,
        trailing_movements.ttm_reactivation_mrr_usd,
        trailing_movements.ttm_contraction_mrr_usd,
        trailing_movements.ttm_churn_mrr_usd,
        trailing_movements.period_start_mrr_usd,
        nrr_benchmarks.nrr_median,
        nrr_benchmarks.nrr_top_quartile,
        nrr_benchmarks.nrr_best_in_class,
        grr_benchmarks.grr_floor,
        grr_benchmarks.grr_great,
        grr_benchmarks.grr_best_in_class,
        as_of.as_of_date,
        12 * bridge.ending_mrr_usd_constant as arr_usd_constant,
        case
            when bridge.is_total then weighted_targets.nrr_target
            else nrr_benchmarks.nrr_target
        end as nrr_target
    from bridge
    inner join trailing_movements
        on
            bridge.revenue_month = trailing_movements.revenue_month
            and bridge.segment = trailing_movements.segment
    cross join as_of
    left join segment_retention
        on
            bridge.revenue_month = segment_retention.revenue_month
            and bridge.segment = segment_retention.segment
    left join weighted_targets
        on bridge.revenue_month = weighted_targets.revenue_month
    left join nrr_benchmarks
        on bridge.segment = nrr_benchmarks.segment
    left join grr_benchmarks
        on bridge.segment = grr_benchmarks.segment

),

final as (

    select
        {{ dbt.concat(['cast(joined.revenue_month as ' ~ dbt.type_string() ~ ')', "'|'", 'joined.segment']) }}
            as board_row_id,
        joined.revenue_month,
        joined.segment,
        joined.is_total,
        cast(joined.arr_usd as {{ dbt.type_numeric() }}) as arr_usd,
        cast(joined.arr_usd_constant as {{ dbt.type_numeric() }}) as arr_usd_constant,
        cast(joined.ttm_base_mrr_usd as {{ dbt.type_numeric() }}) as ttm_base_mrr_usd,
        cast(joined.ttm_nrr as {{ type_double() }}) as ttm_nrr,
        cast(joined.ttm_grr as {{ type_double() }}) as ttm_grr,
        cast(joined.ttm_logo_retention as {{ type_double() }}) as ttm_logo_retention,
        {% for movement in ['new', 'expansion', 'reactivation', 'contraction', 'churn'] -%}
            cast(
                case when joined.months_in_window = 12 then 12 * joined.ttm_{{ movement }}_mrr_usd end
                as {{ dbt.type_numeric() }}
            ) as ttm_{{ movement }}_arr_usd,
        {% endfor -%}
        cast(
            case
                when joined.months_in_window = 12 and joined.period_start_mrr_usd > 0
                    then
                        cast(
                            joined.period_start_mrr_usd + joined.ttm_expansion_mrr_usd
                            - joined.ttm_contraction_mrr_usd - joined.ttm_churn_mrr_usd
                            as {{ type_double() }}
                        )
                        / joined.period_start_mrr_usd
            end as {{ type_double() }}
        ) as period_movement_nrr,
        grr_bands.grr_band,
        cast(joined.nrr_target as {{ type_double() }}) as nrr_target,
        cast(joined.nrr_target - joined.ttm_nrr as {{ type_double() }}) as nrr_gap_to_target,
        cast(
            case
                when joined.ttm_nrr < joined.nrr_target then joined.arr_usd * (joined.nrr_target - joined.ttm_nrr)
                else 0
            end as {{ dbt.type_numeric() }}
        ) as nrr_gap_arr_usd,
        cast(
            {{ nrr_gap_run_rate_usd('joined.arr_usd', 'joined.ttm_nrr', 'joined.nrr_target', 3) }}
            as {{ dbt.type_numeric() }}
        ) as nrr_gap_cost_3y_usd,
        cast(
            {{ nrr_gap_revenue_usd('joined.arr_usd', 'joined.ttm_nrr', 'joined.nrr_target', 36) }}
            as {{ dbt.type_numeric() }}
        ) as nrr_gap_revenue_3y_usd,
        cast(joined.nrr_median as {{ type_double() }}) as benchmark_nrr_median,
        cast(joined.nrr_top_quartile as {{ type_double() }}) as benchmark_nrr_top_quartile,
        cast(joined.nrr_best_in_class as {{ type_double() }}) as benchmark_nrr_best_in_class,
        cast(joined.grr_floor as {{ type_double() }}) as benchmark_grr_floor,
        cast(joined.grr_great as {{ type_double() }}) as benchmark_grr_great,
        cast(joined.grr_best_in_class as {{ type_double() }}) as benchmark_grr_best_in_class,
        joined.as_of_date >= cast(
            {{ dbt.dateadd('day', var('month_close_day') - 1, dbt.dateadd('month', 1, 'joined.revenue_month')) }}
            as date
        ) as is_month_closed,
        cast(
            case when joined.is_total then 12 * coalesce(held_by_month.held_mrr_usd, 0) end
            as {{ dbt.type_numeric() }}
        ) as quarantined_arr_usd
    from joined
    left join held_by_month
        on joined.revenue_month = held_by_month.revenue_month
    left join grr_bands
        on
            joined.ttm_grr >= grr_bands.lower_bound
            and (joined.ttm_grr < grr_bands.upper_bound or grr_bands.upper_bound is null)

)

select * from final
