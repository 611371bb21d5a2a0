{#-
    Every row of stg_crm__contact_history with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_crm__contact_history_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__contact_history') }}

),

contacts as (

    select contact_id from {{ ref('int_crm__contacts_cleaned') }}

),

final as (

    select
        staged.contact_id,
        staged.changed_at,
        staged.field,
        staged.old_value,
        staged.new_value,
        staged.values_hashed,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_contact_id.contact_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_contact_id.contact_id is null then 'contact_id'
        end as quarantine_column
    from staged
    left join contacts as parent_contact_id
        on staged.contact_id = parent_contact_id.contact_id

)

select * from final
