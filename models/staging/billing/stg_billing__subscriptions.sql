{#-
    One row per raw row of billing.subscriptions: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('started_at', dbt.type_timestamp()),
    ('current_term_start', dbt.type_timestamp()),
    ('current_term_end', dbt.type_timestamp()),
    ('term_months', dbt.type_int()),
    ('auto_renew', dbt.type_boolean()),
    ('canceled_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('billing', 'subscriptions') }}

),

renamed as (

    select
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        {{ map_to_vocabulary('status', 'billing.subscriptions.status') }} as status,
        cast(status as {{ dbt.type_string() }}) as status_original,
        {{ cast_or_null('started_at', dbt.type_timestamp()) }} as started_at,
        {{ cast_or_null('current_term_start', dbt.type_timestamp()) }} as current_term_start,
        {{ cast_or_null('current_term_end', dbt.type_timestamp()) }} as current_term_end,
        {{ cast_or_null('term_months', dbt.type_int()) }} as term_months,
        {{ cast_or_null('auto_renew', dbt.type_boolean()) }} as auto_renew,
        {{ cast_or_null('canceled_at', dbt.type_timestamp()) }} as canceled_at,
        cast(cancel_reason as {{ dbt.type_string() }}) as cancel_reason,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['subscription_id'],
    ) | indent(4) }}

),

final as (

    select
        subscription_id,
        customer_id,
        status,
        status_original,
        started_at,
        current_term_start,
        current_term_end,
        term_months,
        auto_renew,
        canceled_at,
        cancel_reason,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
