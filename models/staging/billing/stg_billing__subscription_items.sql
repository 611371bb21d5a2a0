with

flagged as (

    select * from {{ ref('base_billing__subscription_items') }}

),

final as (

    select
        subscription_item_id,
        subscription_id,
        customer_id,
        plan_id,
        quantity,
        unit_price,
        discount_pct,
        currency,
        valid_from,
        valid_to,
        change_reason,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
