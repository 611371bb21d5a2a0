{#-
    Every row of stg_crm__support_tickets with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__support_tickets_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__support_tickets') }}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

final as (

    select
        staged.ticket_id,
        staged.account_id,
        staged.created_at,
        staged.resolved_at,
        staged.priority,
        staged.category,
        staged.csat_score,
        staged.is_feature_request,
        staged.requested_product_line,
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
