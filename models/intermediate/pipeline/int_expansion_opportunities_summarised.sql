{#-
    Expansion opportunities closed per month and segment (plus 'all'; the account's current segment):
    won and lost deals, CS-led (ARR under var cs_led_max_deal_arr_usd) and sales-led deals closed
    and won, average cycle days of won deals (created -> closed), won ARR and its CS-sourced part
    (source csm), in USD at the close date (int_opportunities_valued).
-#}
with

opportunities as (

    select * from {{ ref('int_opportunities_valued') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

segment_keys as (

    {{ segment_keys() }}

),

closed_opportunities as (

    select
        cast({{ dbt.date_trunc('month', 'opportunities.closed_at') }} as date) as revenue_month,
        accounts.segment,
        opportunities.is_won,
        opportunities.source,
        opportunities.amount_arr_usd,
        opportunities.amount_arr_usd < {{ var('cs_led_max_deal_arr_usd') }} as is_cs_led,
        opportunities.amount_arr_usd >= {{ var('cs_led_max_deal_arr_usd') }} as is_sales_led,
        {{ dbt.datediff('opportunities.created_at', 'opportunities.closed_at', 'day') }} as cycle_days  -- noqa: LT05
    from opportunities
    left join accounts
        on opportunities.account_id = accounts.account_id
    where
        opportunities.opportunity_type = 'expansion'
        and opportunities.is_closed
        and opportunities.closed_at is not null

),

final as (

    select
        closed_opportunities.revenue_month,
        segment_keys.segment_key as segment,
        sum(case when closed_opportunities.is_won then 1 else 0 end) as expansion_deals_won,
        sum(case when not closed_opportunities.is_won then 1 else 0 end) as expansion_deals_lost,
        sum(case when closed_opportunities.is_won and closed_opportunities.is_cs_led then 1 else 0 end) as cs_led_won,
        sum(case when closed_opportunities.is_cs_led then 1 else 0 end) as cs_led_closed,
        sum(case when closed_opportunities.is_won and closed_opportunities.is_sales_led then 1 else 0 end)
            as sales_led_won,
        sum(case when closed_opportunities.is_sales_led then 1 else 0 end) as sales_led_closed,
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

)

select * from final
