{#-
    Every row of stg_crm__account_snapshots with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__account_snapshots_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__account_snapshots') }}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

final as (

    select
        staged.account_id,
        staged.snapshot_date,
        staged.segment,
        staged.segment_original,
        staged.employee_count,
        staged.open_roles,
        staged.last_funding_at,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_account_id.account_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_account_id.account_id is null then 'account_id'
        end as quarantine_column
    from staged
    left join accounts as parent_account_id
        on staged.account_id = parent_account_id.account_id

)

select * from final
