with

flagged as (

    select * from {{ ref('base_crm__opportunities') }}

),

final as (

    select
        opportunity_id,
        account_id,
        opportunity_type,
        expansion_type,
        source,
        amount_arr,
        currency,
        stage,
        created_at,
        closed_at,
        is_closed,
        is_won,
        loss_reason,
        csql_id,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
