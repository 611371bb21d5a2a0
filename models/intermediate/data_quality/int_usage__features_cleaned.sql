{#- The rows of usage.features that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_usage__features_checked') }}

),

final as (

    select
        feature_key,
        feature_name,
        product_line,
        is_core,
        is_premium,
        min_tier_rank,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
