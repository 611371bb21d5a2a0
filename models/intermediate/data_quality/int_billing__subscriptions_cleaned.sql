{#- The rows of billing.subscriptions that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__subscriptions_checked') }}

),

final as (

    select
        subscription_id,
        customer_id,
        status,
        status_original,
        started_at,
        current_term_start,
        current_term_end,
        term_months,
        auto_renew,
        canceled_at,
        cancel_reason,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
