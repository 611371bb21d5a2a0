with

flagged as (

    select * from {{ ref('base_crm__csqls') }}

),

final as (

    select
        csql_id,
        account_id,
        trigger_key,
        signal_at,
        created_at,
        owner_id,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
