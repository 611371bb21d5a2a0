{#-
    Every row of stg_usage__features with its final quarantine reason: the row-level reason from
    staging, else the no cross-table check applies to this table; rows pass through.
    Materialized once; int_usage__features_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_usage__features') }}

),

final as (

    select
        staged.feature_key,
        staged.feature_name,
        staged.product_line,
        staged.is_core,
        staged.is_premium,
        staged.min_tier_rank,
        staged._loaded_at,
        staged._record_key,
        staged.quarantine_reason,
        staged.quarantine_column
    from staged

)

select * from final
