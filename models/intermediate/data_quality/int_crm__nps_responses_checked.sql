{#-
    Every row of stg_crm__nps_responses with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__nps_responses_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__nps_responses') }}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

contacts as (

    select contact_id from {{ ref('int_crm__contacts_cleaned') }}

),

final as (

    select
        staged.response_id,
        staged.account_id,
        staged.contact_id,
        staged.responded_at,
        staged.score,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_account_id.account_id is null then 'orphan_key'
            when staged.contact_id is not null and parent_contact_id.contact_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_account_id.account_id is null then 'account_id'
            when staged.contact_id is not null and parent_contact_id.contact_id is null then 'contact_id'
        end as quarantine_column
    from staged
    left join accounts as parent_account_id
        on staged.account_id = parent_account_id.account_id
    left join contacts as parent_contact_id
        on staged.contact_id = parent_contact_id.contact_id

)

select * from final
