{#-
    Every row of stg_billing__products with its final quarantine reason: the row-level reason from
    staging, else the no cross-table check applies to this table; rows pass through.
    Materialized once; int_billing__products_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_billing__products') }}

),

final as (

    select
        staged.product_id,
        staged.product_name,
        staged.product_line,
        staged.is_addon,
        staged._loaded_at,
        staged._record_key,
        staged.quarantine_reason,
        staged.quarantine_column
    from staged

)

select * from final
