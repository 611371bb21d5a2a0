with

flagged as (

    select * from {{ ref('base_billing__plans') }}

),

final as (

    select
        plan_id,
        product_id,
        plan_name,
        tier,
        tier_rank,
        billing_interval_months,
        pricing_model,
        list_unit_price,
        currency,
        included_seats,
        usage_limit_units,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
