{#- The rows of crm.success_milestones that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__success_milestones_checked') }}

),

final as (

    select
        milestone_id,
        account_id,
        milestone_type,
        target_date,
        achieved_at,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
