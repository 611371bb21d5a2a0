with

flagged as (

    select * from {{ ref('base_crm__csql_stage_history') }}

),

final as (

    select
        csql_id,
        stage,
        entered_at,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
