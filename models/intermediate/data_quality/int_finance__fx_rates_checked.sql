{#-
    Every row of stg_finance__fx_rates with its final quarantine reason: the row-level reason from
    staging, else the no cross-table check applies to this table; rows pass through.
    Materialized once; int_finance__fx_rates_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

final as (

    select
        staged.rate_date,
        staged.currency,
        staged.usd_per_unit,
        staged._loaded_at,
        staged._record_key,
        staged.quarantine_reason,
        staged.quarantine_column
    from staged

)

select * from final
