with

flagged as (

    select * from {{ ref('base_usage__users') }}

),

final as (

    select
        user_id,
        account_id,
        email_hash,
        email_domain,
        department,
        role,
        created_at,
        deactivated_at,
        invited_by_user_id,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
