with

flagged as (

    select * from {{ ref('base_crm__account_snapshots') }}

),

final as (

    select
        account_id,
        snapshot_date,
        segment,
        employee_count,
        open_roles,
        last_funding_at,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
