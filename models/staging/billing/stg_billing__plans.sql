{#-
    One row per raw row of billing.plans: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('tier_rank', dbt.type_int()),
    ('billing_interval_months', dbt.type_int()),
    ('list_unit_price', dbt.type_numeric()),
    ('included_seats', dbt.type_int()),
    ('usage_limit_units', dbt.type_int()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('billing', 'plans') }}

),

renamed as (

    select
        cast(plan_id as {{ dbt.type_string() }}) as plan_id,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(plan_name as {{ dbt.type_string() }}) as plan_name,
        cast(tier as {{ dbt.type_string() }}) as tier,
        {{ cast_or_null('tier_rank', dbt.type_int()) }} as tier_rank,
        {{ cast_or_null('billing_interval_months', dbt.type_int()) }} as billing_interval_months,
        {{ map_to_vocabulary('pricing_model', 'billing.plans.pricing_model') }} as pricing_model,
        cast(pricing_model as {{ dbt.type_string() }}) as pricing_model_original,
        {{ cast_or_null('list_unit_price', dbt.type_numeric()) }} as list_unit_price,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        {{ cast_or_null('included_seats', dbt.type_int()) }} as included_seats,
        {{ cast_or_null('usage_limit_units', dbt.type_int()) }} as usage_limit_units,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['plan_id'],
        checks=[
            ('invalid_value', "billing_interval_months is null or billing_interval_months <= 0", 'billing_interval_months'),
        ],
    ) | indent(4) }}

),

final as (

    select
        plan_id,
        product_id,
        plan_name,
        tier,
        tier_rank,
        billing_interval_months,
        pricing_model,
        pricing_model_original,
        list_unit_price,
        currency,
        included_seats,
        usage_limit_units,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
