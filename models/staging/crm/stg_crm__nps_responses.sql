with

flagged as (

    select * from {{ ref('base_crm__nps_responses') }}

),

final as (

    select
        response_id,
        account_id,
        contact_id,
        responded_at,
        score,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
