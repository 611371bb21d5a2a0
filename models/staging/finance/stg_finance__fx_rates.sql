{#-
    One row per raw row of finance.fx_rates: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('rate_date', 'date'),
    ('usd_per_unit', type_double()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('finance', 'fx_rates') }}

),

renamed as (

    select
        {{ cast_or_null('rate_date', 'date') }} as rate_date,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        {{ cast_or_null('usd_per_unit', type_double()) }} as usd_per_unit,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['rate_date', 'currency'],
        checks=[
            ('invalid_value', "usd_per_unit is null or usd_per_unit <= 0", 'usd_per_unit'),
        ],
    ) | indent(4) }}

),

final as (

    select
        rate_date,
        currency,
        usd_per_unit,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
