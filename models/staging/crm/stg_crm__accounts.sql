with

flagged as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
        account_id,
        account_name,
        parent_account_id,
        segment,
        industry,
        region,
        employee_count,
        csm_owner_id,
        ae_owner_id,
        fiscal_year_start_month,
        created_at,
        onboarded_at,
        is_deleted,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
