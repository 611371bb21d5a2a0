with

source as (

    select * from {{ source('usage', 'features') }}

),

renamed as (

    select
        cast(feature_key as {{ dbt.type_string() }}) as feature_key,
        cast(feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(product_line as {{ dbt.type_string() }}) as product_line,
        cast(is_core as {{ dbt.type_boolean() }}) as is_core,
        cast(is_premium as {{ dbt.type_boolean() }}) as is_premium,
        cast(min_tier_rank as {{ dbt.type_int() }}) as min_tier_rank,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['feature_key'],
        checks=[],
    ) | indent(4) }}

),

final as (

    select
        feature_key,
        feature_name,
        product_line,
        is_core,
        is_premium,
        min_tier_rank,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
