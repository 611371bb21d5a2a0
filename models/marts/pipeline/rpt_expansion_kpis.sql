{#-
    Expansion KPIs by month and segment (plus an 'all' row per month), each with its benchmark band
    from the expansion_benchmark_bands seed:
      expansion ARR by vector (gross, from fct_mrr_movements) and in-year vs at-renewal, new-logo ARR,
      expansion share of new ARR = expansion / (new + expansion);
      expansion opportunities closed in the month: win rate, CS-led close rate (deals under
      var cs_led_max_deal_arr_usd ARR) and sales-led close rate (at or over it), cycle days
      (created -> closed, won deals), CS-sourced share of won expansion ARR;
      time to first expansion: days from the account's first subscription start to its first billed
      expansion, for accounts first expanding in the month;
      expansion CAC = expansion-motion go-to-market cost of the month / expansion ARR of the month
      (costs are not split by segment, so 'all' rows only);
      seat expansion velocity = seats added over the last three months / seats three months ago, for
      accounts with at least seat_velocity_min_seats licensed seats three months ago.
    Segments: the movement's segment as of the month for movements, the account's current segment
    otherwise.
-#}
with

movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

opportunity_kpis as (

    select * from {{ ref('int_expansion_opportunities_summarised') }}

),

first_expansion_kpis as (

    select * from {{ ref('int_first_expansions_summarised') }}

),

seat_kpis as (

    select * from {{ ref('int_seat_expansions_summarised') }}

),

gtm_costs as (

    select * from {{ ref('int_finance__gtm_costs_cleaned') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

bands as (

    select * from {{ ref('expansion_benchmark_bands') }}

),

segment_keys as (

    {{ segment_keys() }}

),

month_segments as (

    select
        months.revenue_month,
        segment_keys.segment_key as segment
    from months
    cross join segment_keys

),

movement_arr as (

    select
        movements.revenue_month,
        segment_keys.segment_key as segment,
        12 * sum(case when movements.movement_type = 'expansion' then movements.movement_mrr_usd else 0 end)
            as expansion_arr_usd,
        12 * sum(case when movements.movement_type = 'new' then movements.movement_mrr_usd else 0 end) as new_arr_usd,
        12 * sum(coalesce(movements.expansion_seat_usd, 0)) as seat_expansion_arr_usd,
        12 * sum(coalesce(movements.expansion_price_usd, 0)) as price_expansion_arr_usd,
        12 * sum(coalesce(movements.expansion_tier_usd, 0)) as tier_expansion_arr_usd,
        12 * sum(coalesce(movements.expansion_cross_sell_usd, 0)) as cross_sell_expansion_arr_usd,
        12 * sum(coalesce(movements.expansion_usage_usd, 0)) as usage_expansion_arr_usd,
        12 * sum(case
            when movements.movement_type = 'expansion' and movements.renewal_timing = 'in_year'
                then movements.movement_mrr_usd
            else 0
        end) as in_year_expansion_arr_usd,
        12 * sum(case
            when movements.movement_type = 'expansion' and movements.renewal_timing = 'at_renewal'
                then movements.movement_mrr_usd
            else 0
        end) as at_renewal_expansion_arr_usd
    from movements
    inner join segment_keys
        on movements.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'
    group by movements.revenue_month, segment_keys.segment_key

),

costs as (

    select
        cost_month as revenue_month,
        'all' as segment,
        sum(amount_usd) as expansion_gtm_cost_usd
    from gtm_costs
    where motion = 'expansion'
    group by cost_month

),

joined as (

    select
        month_segments.revenue_month,
        month_segments.segment,
        opportunity_kpis.cs_led_won,
        opportunity_kpis.cs_led_closed,
        opportunity_kpis.sales_led_won,
        opportunity_kpis.sales_led_closed,
        opportunity_kpis.expansion_cycle_days,
        opportunity_kpis.won_expansion_arr_usd,
        opportunity_kpis.cs_sourced_won_arr_usd,
        first_expansion_kpis.time_to_first_expansion_days,
        costs.expansion_gtm_cost_usd,
        seat_kpis.seats_added,
        seat_kpis.seats_three_months_ago,
        coalesce(movement_arr.expansion_arr_usd, 0) as expansion_arr_usd,
        coalesce(movement_arr.seat_expansion_arr_usd, 0) as seat_expansion_arr_usd,
        coalesce(movement_arr.price_expansion_arr_usd, 0) as price_expansion_arr_usd,
        coalesce(movement_arr.tier_expansion_arr_usd, 0) as tier_expansion_arr_usd,
        coalesce(movement_arr.cross_sell_expansion_arr_usd, 0) as cross_sell_expansion_arr_usd,
        coalesce(movement_arr.usage_expansion_arr_usd, 0) as usage_expansion_arr_usd,
        coalesce(movement_arr.in_year_expansion_arr_usd, 0) as in_year_expansion_arr_usd,
        coalesce(movement_arr.at_renewal_expansion_arr_usd, 0) as at_renewal_expansion_arr_usd,
        coalesce(movement_arr.new_arr_usd, 0) as new_arr_usd,
        coalesce(opportunity_kpis.expansion_deals_won, 0) as expansion_deals_won,
        coalesce(opportunity_kpis.expansion_deals_lost, 0) as expansion_deals_lost,
        coalesce(first_expansion_kpis.accounts_first_expanded, 0) as accounts_first_expanded,
        coalesce(seat_kpis.seat_velocity_accounts, 0) as seat_velocity_accounts
    from month_segments
    left join movement_arr
        on month_segments.revenue_month = movement_arr.revenue_month
            and month_segments.segment = movement_arr.segment
    left join opportunity_kpis
        on month_segments.revenue_month = opportunity_kpis.revenue_month
            and month_segments.segment = opportunity_kpis.segment
    left join first_expansion_kpis
        on month_segments.revenue_month = first_expansion_kpis.revenue_month
            and month_segments.segment = first_expansion_kpis.segment
    left join seat_kpis
        on month_segments.revenue_month = seat_kpis.revenue_month
            and month_segments.segment = seat_kpis.segment
    left join costs
        on month_segments.revenue_month = costs.revenue_month
            and month_segments.segment = costs.segment

),

rated as (

    select
        *,
        1e0 * expansion_arr_usd / nullif(new_arr_usd + expansion_arr_usd, 0) as expansion_share_of_new_arr,
        1e0 * expansion_deals_won / nullif(expansion_deals_won + expansion_deals_lost, 0) as expansion_win_rate,
        1e0 * cs_led_won / nullif(cs_led_closed, 0) as cs_led_close_rate,
        1e0 * sales_led_won / nullif(sales_led_closed, 0) as sales_led_close_rate,
        1e0 * cs_sourced_won_arr_usd / nullif(won_expansion_arr_usd, 0) as cs_sourced_share,
        1e0 * expansion_gtm_cost_usd / nullif(expansion_arr_usd, 0) as expansion_cac_ratio,
        1e0 * seats_added / nullif(seats_three_months_ago, 0) as seat_expansion_velocity
    from joined

),

final as (

    select
        rated.revenue_month,
        rated.segment,
        cast(rated.expansion_arr_usd as {{ dbt.type_numeric() }}) as expansion_arr_usd,
        cast(rated.seat_expansion_arr_usd as {{ dbt.type_numeric() }}) as seat_expansion_arr_usd,
        cast(rated.price_expansion_arr_usd as {{ dbt.type_numeric() }}) as price_expansion_arr_usd,
        cast(rated.tier_expansion_arr_usd as {{ dbt.type_numeric() }}) as tier_expansion_arr_usd,
        cast(rated.cross_sell_expansion_arr_usd as {{ dbt.type_numeric() }}) as cross_sell_expansion_arr_usd,
        cast(rated.usage_expansion_arr_usd as {{ dbt.type_numeric() }}) as usage_expansion_arr_usd,
        cast(rated.in_year_expansion_arr_usd as {{ dbt.type_numeric() }}) as in_year_expansion_arr_usd,
        cast(rated.at_renewal_expansion_arr_usd as {{ dbt.type_numeric() }}) as at_renewal_expansion_arr_usd,
        cast(rated.new_arr_usd as {{ dbt.type_numeric() }}) as new_arr_usd,
        cast(rated.expansion_share_of_new_arr as {{ type_double() }}) as expansion_share_of_new_arr,
        {{ benchmark_band('rated.expansion_share_of_new_arr', 'share_bands') }} as expansion_share_band,
        cast(rated.expansion_deals_won as {{ dbt.type_int() }}) as expansion_deals_won,
        cast(rated.expansion_deals_lost as {{ dbt.type_int() }}) as expansion_deals_lost,
        cast(rated.expansion_win_rate as {{ type_double() }}) as expansion_win_rate,
        {{ benchmark_band('rated.expansion_win_rate', 'win_bands') }} as expansion_win_rate_band,
        cast(rated.cs_led_close_rate as {{ type_double() }}) as cs_led_close_rate,
        {{ benchmark_band('rated.cs_led_close_rate', 'cs_close_bands') }} as cs_led_close_rate_band,
        cast(rated.sales_led_close_rate as {{ type_double() }}) as sales_led_close_rate,
        {{ benchmark_band('rated.sales_led_close_rate', 'sales_close_bands') }} as sales_led_close_rate_band,
        cast(rated.expansion_cycle_days as {{ type_double() }}) as expansion_cycle_days,
        {{ benchmark_band('rated.expansion_cycle_days', 'cycle_bands') }} as expansion_cycle_band,
        cast(rated.accounts_first_expanded as {{ dbt.type_int() }}) as accounts_first_expanded,
        cast(rated.time_to_first_expansion_days as {{ type_double() }}) as time_to_first_expansion_days,
        {{ benchmark_band('rated.time_to_first_expansion_days', 'first_bands') }} as time_to_first_expansion_band,
        cast(rated.cs_sourced_share as {{ type_double() }}) as cs_sourced_share,
        cast(rated.expansion_gtm_cost_usd as {{ dbt.type_numeric() }}) as expansion_gtm_cost_usd,
        cast(rated.expansion_cac_ratio as {{ type_double() }}) as expansion_cac_ratio,
        {{ benchmark_band('rated.expansion_cac_ratio', 'cac_bands') }} as expansion_cac_band,
        cast(rated.seat_velocity_accounts as {{ dbt.type_int() }}) as seat_velocity_accounts,
        cast(rated.seat_expansion_velocity as {{ type_double() }}) as seat_expansion_velocity,
        {{ benchmark_band('rated.seat_expansion_velocity', 'seat_bands') }} as seat_expansion_velocity_band
    from rated
    left join bands as share_bands
        on share_bands.metric_key = 'expansion_share_of_new_arr'
    left join bands as win_bands
        on win_bands.metric_key = 'expansion_win_rate'
    left join bands as cs_close_bands
        on cs_close_bands.metric_key = 'cs_led_close_rate'
    left join bands as sales_close_bands
        on sales_close_bands.metric_key = 'sales_led_close_rate'
    left join bands as cycle_bands
        on cycle_bands.metric_key = 'expansion_cycle_days'
    left join bands as first_bands
        on first_bands.metric_key = 'time_to_first_expansion_days'
    left join bands as cac_bands
        on cac_bands.metric_key = 'expansion_cac_ratio'
    left join bands as seat_bands
        on seat_bands.metric_key = 'seat_expansion_velocity'

)

select * from final
