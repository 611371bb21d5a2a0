{#- The rows of crm.accounts that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__accounts_checked') }}

),

final as (

    select
        account_id,
        account_name,
        parent_account_id,
        segment,
        segment_original,
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
    from checked
    where quarantine_reason is null

)

select * from final
