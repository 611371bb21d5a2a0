{#-
    Every row of stg_crm__accounts with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__accounts_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__accounts') }}

),

accounts_parents as (

    select distinct account_id from staged

),

final as (

    select
        staged.account_id,
        staged.account_name,
        staged.parent_account_id,
        staged.segment,
        staged.segment_original,
        staged.industry,
        staged.region,
        staged.employee_count,
        staged.csm_owner_id,
        staged.ae_owner_id,
        staged.fiscal_year_start_month,
        staged.created_at,
        staged.onboarded_at,
        staged.is_deleted,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when staged.parent_account_id is not null and parent_parent_account_id.account_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when
                staged.parent_account_id is not null
                and parent_parent_account_id.account_id is null
                then 'parent_account_id'
        end as quarantine_column
    from staged
    left join accounts_parents as parent_parent_account_id
        on staged.parent_account_id = parent_parent_account_id.account_id

)

select * from final
