with

flagged as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        contact_id,
        account_id,
        email_hash,
        email_domain,
        full_name_hash,
        title,
        seniority,
        department,
        is_champion,
        is_exec_sponsor,
        created_at,
        left_company_at,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
