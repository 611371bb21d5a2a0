with

flagged as (

    select * from {{ ref('base_crm__success_milestones') }}

),

final as (

    select
        milestone_id,
        account_id,
        milestone_type,
        target_date,
        achieved_at,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
