{%- set missing_service_period -%}
    line_type in ({% for t in var('service_period_line_types') %}'{{ t }}'{% if not loop.last %}, {% endif %}{% endfor %}) and (service_period_start is null or service_period_end is null)
{%- endset %}
{#-
    One row per raw row of billing.invoice_lines: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('quantity', dbt.type_numeric()),
    ('unit_amount', dbt.type_numeric()),
    ('discount_amount', dbt.type_numeric()),
    ('amount', dbt.type_numeric()),
    ('service_period_start', dbt.type_timestamp()),
    ('service_period_end', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('billing', 'invoice_lines') }}

),

renamed as (

    select
        cast(invoice_line_id as {{ dbt.type_string() }}) as invoice_line_id,
        cast(invoice_id as {{ dbt.type_string() }}) as invoice_id,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(subscription_item_id as {{ dbt.type_string() }}) as subscription_item_id,
        cast(plan_id as {{ dbt.type_string() }}) as plan_id,
        {{ vocabulary_word('line_type', 'billing.invoice_lines.line_type') }} as line_type,
        {{ cast_or_null('quantity', dbt.type_numeric()) }} as quantity,
        {{ cast_or_null('unit_amount', dbt.type_numeric()) }} as unit_amount,
        {{ cast_or_null('discount_amount', dbt.type_numeric()) }} as discount_amount,
        {{ cast_or_null('amount', dbt.type_numeric()) }} as amount,
        {{ cast_or_null('service_period_start', dbt.type_timestamp()) }} as service_period_start,
        {{ cast_or_null('service_period_end', dbt.type_timestamp()) }} as service_period_end,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['invoice_line_id'],
        checks=[
            ('negative_quantity', "quantity < 0", 'quantity'),
            ('missing_service_period', missing_service_period, 'service_period_start'),
            ('invalid_value', is_outside_vocabulary('line_type', 'billing.invoice_lines.line_type'), 'line_type'),
        ],
    ) | indent(4) }}

),

final as (

    select
        invoice_line_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        plan_id,
        line_type,
        quantity,
        unit_amount,
        discount_amount,
        amount,
        service_period_start,
        service_period_end,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
