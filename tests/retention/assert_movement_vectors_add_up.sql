{#- On expansion and contraction rows, gross vector expansion minus contraction equals the MRR change. -#}
with

movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

final as (

    select
        movement_id,
        mrr_change_usd,
        expansion_seat_usd + expansion_price_usd + expansion_tier_usd + expansion_cross_sell_usd
        + expansion_usage_usd - contraction_seat_usd - contraction_price_usd - contraction_tier_usd
        - contraction_cross_sell_usd - contraction_usage_usd as vector_sum_usd
    from movements
    where movement_type in ('expansion', 'contraction')

)

select * from final
where abs(vector_sum_usd - mrr_change_usd) >= 0.01
