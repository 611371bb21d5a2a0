{#- The rows of billing.invoice_lines that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__invoice_lines_checked') }}

),

final as (

    select
        invoice_line_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        plan_id,
        line_type,
        quantity,
        unit_amount,
        discount_amount,
        amount,
        service_period_start,
        service_period_end,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
