{#-
    One row per raw row of billing.customers: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('created_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('billing', 'customers') }}

),

renamed as (

    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['customer_id'],
        checks=[
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        customer_id,
        account_id,
        currency,
        created_at,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
