with

flagged as (

    select * from {{ ref('base_crm__support_tickets') }}

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
    from flagged
    where quarantine_reason is null

)

select * from final
