{#-
    Every row of stg_crm__contacts with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__contacts_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__contacts') }}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

final as (

    select
        staged.contact_id,
        staged.account_id,
        staged.email_hash,
        staged.full_name_hash,
        staged.title,
        staged.seniority,
        staged.seniority_original,
        staged.department,
        staged.is_champion,
        staged.is_exec_sponsor,
        staged.created_at,
        staged.left_company_at,
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
