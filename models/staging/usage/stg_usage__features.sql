with

flagged as (

    select * from {{ ref('base_usage__features') }}

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
    from flagged
    where quarantine_reason is null

)

select * from final
