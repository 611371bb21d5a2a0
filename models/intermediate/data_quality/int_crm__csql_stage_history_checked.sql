{#-
    Every row of stg_crm__csql_stage_history with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__csql_stage_history_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__csql_stage_history') }}

),

csqls as (

    select csql_id from {{ ref('int_crm__csqls_cleaned') }}

),

final as (

    select
        staged.csql_id,
        staged.stage,
        staged.stage_original,
        staged.entered_at,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_csql_id.csql_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_csql_id.csql_id is null then 'csql_id'
        end as quarantine_column
    from staged
    left join csqls as parent_csql_id
        on staged.csql_id = parent_csql_id.csql_id

)

select * from final
