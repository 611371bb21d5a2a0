with

flagged as (

    select * from {{ ref('base_crm__activities') }}

),

final as (

    select
        activity_id,
        account_id,
        contact_id,
        activity_type,
        occurred_at,
        owner_id,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
