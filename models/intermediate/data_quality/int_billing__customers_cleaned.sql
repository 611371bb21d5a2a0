{#- The rows of billing.customers that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__customers_checked') }}

),

final as (

    select
        customer_id,
        account_id,
        currency,
        created_at,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
