-- STUB until the retention issue lands on main: same name, guessed columns, no rows.
{{ config(contract={'enforced': false}) }}
select
    cast(null as varchar) as grain_id,
    cast(null as date) as revenue_month,
    cast(null as varchar) as movement_type,
    cast(null as double) as mrr_change_usd,
    cast(null as double) as seat_mrr_change_usd,
    cast(null as double) as price_mrr_change_usd,
    cast(null as double) as tier_mrr_change_usd,
    cast(null as double) as cross_sell_mrr_change_usd,
    cast(null as double) as usage_mrr_change_usd,
    cast(null as varchar) as expansion_timing
where false
