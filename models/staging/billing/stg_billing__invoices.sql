{#-
    One row per raw row of billing.invoices: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('issued_at', dbt.type_timestamp()),
    ('due_at', dbt.type_timestamp()),
    ('paid_at', dbt.type_timestamp()),
    ('total_amount', dbt.type_numeric()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('billing', 'invoices') }}

),

renamed as (

    select
        cast(invoice_id as {{ dbt.type_string() }}) as invoice_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        {{ vocabulary_word('status', 'billing.invoices.status') }} as status,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        {{ cast_or_null('issued_at', dbt.type_timestamp()) }} as issued_at,
        {{ cast_or_null('due_at', dbt.type_timestamp()) }} as due_at,
        {{ cast_or_null('paid_at', dbt.type_timestamp()) }} as paid_at,
        {{ cast_or_null('total_amount', dbt.type_numeric()) }} as total_amount,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['invoice_id'],
        checks=[
            ('future_timestamp', is_after_load('issued_at'), 'issued_at'),
            ('invalid_value', is_outside_vocabulary('status', 'billing.invoices.status'), 'status'),
        ],
    ) | indent(4) }}

),

final as (

    select
        invoice_id,
        customer_id,
        status,
        currency,
        issued_at,
        due_at,
        paid_at,
        total_amount,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
