{#- The rows of crm.csqls that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__csqls_checked') }}

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
    from checked
    where quarantine_reason is null

)

select * from final
