{#-
    Every row of stg_usage__users with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_usage__users_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_usage__users') }}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

final as (

    select
        staged.user_id,
        staged.account_id,
        staged.email_hash,
        staged.department,
        staged.role,
        staged.created_at,
        staged.deactivated_at,
        staged.invited_by_user_id,
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
