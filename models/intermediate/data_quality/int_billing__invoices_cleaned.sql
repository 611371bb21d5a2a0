{#- The rows of billing.invoices that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__invoices_checked') }}

),

final as (

    select
        invoice_id,
        customer_id,
        status,
        currency,
        issued_at,
        due_at,
        paid_at,
        total_amount,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
