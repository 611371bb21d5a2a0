{#-
    Expansion KPIs by month and segment (plus an 'all' row per month), each with its benchmark band
    from the expansion_benchmark_bands seed:
      expansion ARR by vector (gross, from fct_mrr_movements) and in-year vs at-renewal, new-logo ARR,
      expansion share of new ARR = expansion / (new + expansion);
      expansion opportunities closed in the month: win rate, CS-led close rate (deals under 50k USD
      ARR) and sales-led close rate (50k and over), cycle days (created -> closed, won deals),
      CS-sourced share of won expansion ARR;
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

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

fx_rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

gtm_costs as (

    select * from {{ ref('stg_finance__gtm_costs') }}

),

revenue_changes as (

    select * from {{ ref('int_account_revenue_changes_listed') }}

),

customer_spans as (

    select * from {{ ref('int_account_customer_spans_derived') }}

),

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

bands as (

    select * from {{ ref('expansion_benchmark_bands') }}

),

segment_keys as (

    select 'smb' as segment_key
    union all
    select 'mid_market' as segment_key
    union all
    select 'enterprise' as segment_key
    union all
    select 'all' as segment_key

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

closed_opportunities as (

    select
        cast({{ dbt.date_trunc('month', 'opportunities.closed_at') }} as date) as revenue_month,
        accounts.segment,
        opportunities.is_won,
        opportunities.source,
        {{ to_usd('opportunities.amount_arr', 'fx_rates.usd_per_unit') }} as amount_arr_usd,
        {{ dbt.datediff('opportunities.created_at', 'opportunities.closed_at', 'day') }} as cycle_days  -- noqa: LT05
    from opportunities
    left join accounts
        on opportunities.account_id = accounts.account_id
    left join fx_rates
        on opportunities.currency = fx_rates.currency
            and cast(opportunities.closed_at as date) = fx_rates.rate_date
    where
        opportunities.opportunity_type = 'expansion'
        and opportunities.is_closed
        and opportunities.closed_at is not null

),

opportunity_kpis as (

    select
        closed_opportunities.revenue_month,
        segment_keys.segment_key as segment,
        sum(case when closed_opportunities.is_won then 1 else 0 end) as expansion_deals_won,
        sum(case when not closed_opportunities.is_won then 1 else 0 end) as expansion_deals_lost,
        sum(case when closed_opportunities.is_won and closed_opportunities.amount_arr_usd < 50000 then 1 else 0 end)
            as cs_led_won,
        sum(case when closed_opportunities.amount_arr_usd < 50000 then 1 else 0 end) as cs_led_closed,
        sum(case when closed_opportunities.is_won and closed_opportunities.amount_arr_usd >= 50000 then 1 else 0 end)
            as sales_led_won,
        sum(case when closed_opportunities.amount_arr_usd >= 50000 then 1 else 0 end) as sales_led_closed,
        avg(case when closed_opportunities.is_won then closed_opportunities.cycle_days end) as expansion_cycle_days,
        sum(case when closed_opportunities.is_won then closed_opportunities.amount_arr_usd else 0 end)
            as won_expansion_arr_usd,
        sum(case
            when closed_opportunities.is_won and closed_opportunities.source = 'csm'
                then closed_opportunities.amount_arr_usd
            else 0
        end) as cs_sourced_won_arr_usd
    from closed_opportunities
    inner join segment_keys
        on closed_opportunities.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'
    group by closed_opportunities.revenue_month, segment_keys.segment_key

),

first_customer as (

    select
        account_id,
        min(customer_from) as first_customer_at
    from customer_spans
    group by account_id

),

first_expansion as (

    select
        account_id,
        min(changed_at) as first_expanded_at
    from revenue_changes
    where change_direction = 'expansion' and change_source like 'billing%'
    group by account_id

),

first_expansion_kpis as (

    select
        cast({{ dbt.date_trunc('month', 'first_expansion.first_expanded_at') }} as date) as revenue_month,
        segment_keys.segment_key as segment,
        count(*) as accounts_first_expanded,
        avg({{ dbt.datediff('first_customer.first_customer_at', 'first_expansion.first_expanded_at', 'day') }})
            as time_to_first_expansion_days
    from first_expansion
    inner join first_customer
        on first_expansion.account_id = first_customer.account_id
    left join accounts
        on first_expansion.account_id = accounts.account_id
    inner join segment_keys
        on accounts.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'
    group by cast({{ dbt.date_trunc('month', 'first_expansion.first_expanded_at') }} as date), segment_keys.segment_key

),

account_seats as (

    select
        months.revenue_month,
        subscription_items.account_id,
        sum(subscription_items.quantity) as licensed_seats
    from months
    inner join subscription_items
        on months.snapshot_date >= subscription_items.valid_from_date
            and (months.snapshot_date < subscription_items.valid_to_date or subscription_items.valid_to_date is null)
            and subscription_items.pricing_model = 'per_seat'
    group by months.revenue_month, subscription_items.account_id

),

seat_growth as (

    select
        months.revenue_month,
        earlier.account_id,
        earlier.licensed_seats as seats_three_months_ago,
        case
            when coalesce(later.licensed_seats, 0) > earlier.licensed_seats
                then later.licensed_seats - earlier.licensed_seats
            else 0
        end as seats_added
    from months
    inner join account_seats as earlier
        on cast({{ dbt.dateadd('month', -3, 'months.revenue_month') }} as date) = earlier.revenue_month
    left join account_seats as later
        on months.revenue_month = later.revenue_month
            and earlier.account_id = later.account_id
    where earlier.licensed_seats >= {{ var('seat_velocity_min_seats') }}

),

seat_kpis as (

    select
        seat_growth.revenue_month,
        segment_keys.segment_key as segment,
        count(*) as seat_velocity_accounts,
        sum(seat_growth.seats_added) as seats_added,
        sum(seat_growth.seats_three_months_ago) as seats_three_months_ago
    from seat_growth
    left join accounts
        on seat_growth.account_id = accounts.account_id
    inner join segment_keys
        on accounts.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'
    group by seat_growth.revenue_month, segment_keys.segment_key

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
        expansion_arr_usd / nullif(new_arr_usd + expansion_arr_usd, 0) as expansion_share_of_new_arr,
        1.0 * expansion_deals_won / nullif(expansion_deals_won + expansion_deals_lost, 0) as expansion_win_rate,
        1.0 * cs_led_won / nullif(cs_led_closed, 0) as cs_led_close_rate,
        1.0 * sales_led_won / nullif(sales_led_closed, 0) as sales_led_close_rate,
        cs_sourced_won_arr_usd / nullif(won_expansion_arr_usd, 0) as cs_sourced_share,
        expansion_gtm_cost_usd / nullif(expansion_arr_usd, 0) as expansion_cac_ratio,
        1.0 * seats_added / nullif(seats_three_months_ago, 0) as seat_expansion_velocity
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
