with

flagged as (

    select * from {{ ref('base_billing__invoice_lines') }}

),

final as (

    select
        invoice_line_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        plan_id,
        line_type,
        quantity,
        unit_amount,
        discount_amount,
        amount,
        service_period_start,
        service_period_end,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
