{#- The rows of billing.products that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__products_checked') }}

),

final as (

    select
        product_id,
        product_name,
        product_line,
        is_addon,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
