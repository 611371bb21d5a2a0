with

flagged as (

    select * from {{ ref('base_billing__customers') }}

),

final as (

    select
        customer_id,
        account_id,
        currency,
        created_at,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
