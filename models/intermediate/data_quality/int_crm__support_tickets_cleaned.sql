{#- The rows of crm.support_tickets that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__support_tickets_checked') }}

),

final as (

    select
        ticket_id,
        account_id,
        created_at,
        resolved_at,
        priority,
        category,
        csat_score,
        is_feature_request,
        requested_product_line,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
