{#-
    One row per raw row of usage.features: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('is_core', dbt.type_boolean()),
    ('is_premium', dbt.type_boolean()),
    ('min_tier_rank', dbt.type_int()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('usage', 'features') }}

),

renamed as (

    select
        cast(feature_key as {{ dbt.type_string() }}) as feature_key,
        cast(feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(product_line as {{ dbt.type_string() }}) as product_line,
        {{ cast_or_null('is_core', dbt.type_boolean()) }} as is_core,
        {{ cast_or_null('is_premium', dbt.type_boolean()) }} as is_premium,
        {{ cast_or_null('min_tier_rank', dbt.type_int()) }} as min_tier_rank,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['feature_key'],
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
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
