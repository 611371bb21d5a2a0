with

flagged as (

    select * from {{ ref('base_billing__products') }}

),

final as (

    select
        product_id,
        product_name,
        product_line,
        is_addon,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
