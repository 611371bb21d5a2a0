{#-
    One row per raw row of billing.subscription_items: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('quantity', dbt.type_numeric()),
    ('unit_price', dbt.type_numeric()),
    ('discount_pct', dbt.type_numeric()),
    ('valid_from', dbt.type_timestamp()),
    ('valid_to', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('billing', 'subscription_items') }}

),

renamed as (

    select
        cast(subscription_item_id as {{ dbt.type_string() }}) as subscription_item_id,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(plan_id as {{ dbt.type_string() }}) as plan_id,
        {{ cast_or_null('quantity', dbt.type_numeric()) }} as quantity,
        {{ cast_or_null('unit_price', dbt.type_numeric()) }} as unit_price,
        {{ cast_or_null('discount_pct', dbt.type_numeric()) }} as discount_pct,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        {{ cast_or_null('valid_from', dbt.type_timestamp()) }} as valid_from,
        {{ cast_or_null('valid_to', dbt.type_timestamp()) }} as valid_to,
        {{ map_to_vocabulary('change_reason', 'billing.subscription_items.change_reason') }} as change_reason,
        cast(change_reason as {{ dbt.type_string() }}) as change_reason_original,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['subscription_item_id'],
        checks=[
            ('negative_quantity', "quantity < 0", 'quantity'),
            ('invalid_value', "unit_price < 0", 'unit_price'),
            ('invalid_value', "discount_pct < 0 or discount_pct > 1", 'discount_pct'),
            ('invalid_value', "valid_from is null", 'valid_from'),
            ('invalid_value', "valid_to < valid_from", 'valid_to'),
        ],
    ) | indent(4) }}

),

final as (

    select
        subscription_item_id,
        subscription_id,
        customer_id,
        plan_id,
        quantity,
        unit_price,
        discount_pct,
        currency,
        valid_from,
        valid_to,
        change_reason,
        change_reason_original,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
