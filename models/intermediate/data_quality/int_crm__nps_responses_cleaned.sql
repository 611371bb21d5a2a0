{#- The rows of crm.nps_responses that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__nps_responses_checked') }}

),

final as (

    select
        response_id,
        account_id,
        contact_id,
        responded_at,
        score,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
