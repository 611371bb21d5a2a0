with

flagged as (

    select * from {{ ref('base_billing__invoices') }}

),

final as (

    select
        invoice_id,
        customer_id,
        status,
        currency,
        issued_at,
        due_at,
        paid_at,
        total_amount,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
