{#- The rows of crm.account_snapshots that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__account_snapshots_checked') }}

),

final as (

    select
        account_id,
        snapshot_date,
        segment,
        segment_original,
        employee_count,
        open_roles,
        last_funding_at,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
