{#-
    One row per raw row of crm.contact_history: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('changed_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'contact_history') }}

),

renamed as (

    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ cast_or_null('changed_at', dbt.type_timestamp()) }} as changed_at,
        cast(field as {{ dbt.type_string() }}) as field,
        cast(old_value as {{ dbt.type_string() }}) as old_value,
        cast(new_value as {{ dbt.type_string() }}) as new_value,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['contact_id', 'changed_at', 'field'],
        checks=[
            ('future_timestamp', is_after_load('changed_at'), 'changed_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        contact_id,
        changed_at,
        field,
        old_value,
        new_value,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
