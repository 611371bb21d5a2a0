with

flagged as (

    select * from {{ ref('base_billing__subscriptions') }}

),

final as (

    select
        subscription_id,
        customer_id,
        status,
        started_at,
        current_term_start,
        current_term_end,
        term_months,
        auto_renew,
        canceled_at,
        cancel_reason,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
