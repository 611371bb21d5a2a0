{#- The rows of crm.contact_history that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__contact_history_checked') }}

),

final as (

    select
        contact_id,
        changed_at,
        field,
        old_value,
        new_value,
        values_hashed,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
