{#- The rows of crm.activities that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__activities_checked') }}

),

final as (

    select
        activity_id,
        account_id,
        contact_id,
        activity_type,
        activity_type_original,
        occurred_at,
        owner_id,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
