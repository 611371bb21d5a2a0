with

flagged as (

    select * from {{ ref('base_crm__contact_history') }}

),

final as (

    select
        contact_id,
        changed_at,
        field,
        old_value,
        new_value,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
