{#- The rows of crm.csql_stage_history that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__csql_stage_history_checked') }}

),

final as (

    select
        csql_id,
        stage,
        stage_original,
        entered_at,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
