{#- The rows of crm.contacts that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__contacts_checked') }}

),

final as (

    select
        contact_id,
        account_id,
        email_hash,
        full_name_hash,
        title,
        seniority,
        seniority_original,
        department,
        is_champion,
        is_exec_sponsor,
        created_at,
        left_company_at,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
