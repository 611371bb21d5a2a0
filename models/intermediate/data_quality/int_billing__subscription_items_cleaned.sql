{#- The rows of billing.subscription_items that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__subscription_items_checked') }}

),

final as (

    select
        subscription_item_id,
        subscription_id,
        customer_id,
        plan_id,
        quantity,
        unit_price,
        discount_pct,
        currency,
        valid_from,
        valid_to,
        change_reason,
        change_reason_original,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
