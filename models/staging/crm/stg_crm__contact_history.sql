{#-
    One row per raw row of crm.contact_history: typed with safe casts, row-level checks only.
    Old and new values stay readable only for the fields of var contact_history_clear_fields
    (matched on the normalised field name) and when neither holds an '@'; any other change (email,
    name, phone, a field nobody listed) keeps them only as keyed hashes (macro hash_pii), so no
    personal value passes staging in clear. `values_hashed` says which rows.
    A table, not a view: the keyed hash runs in the build.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{{ config(materialized='table') }}
{%- set typed_columns = [
    ('changed_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
{%- set clear_fields = [] -%}
{%- for name in var('contact_history_clear_fields') -%}
    {%- do clear_fields.append("'" ~ name ~ "'") -%}
{%- endfor -%}
{%- set personal -%}
    not coalesce(
        lower(replace(replace(trim(cast(field as {{ dbt.type_string() }})), ' ', '_'), '-', '_'))
        in ({{ clear_fields | join(', ') }})
        and coalesce(cast(old_value as {{ dbt.type_string() }}), '') not like '%@%'
        and coalesce(cast(new_value as {{ dbt.type_string() }}), '') not like '%@%',
        false
    )
{%- endset -%}
with

source as (

    select * from {{ source('crm', 'contact_history') }}

),

renamed as (

    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ cast_or_null('changed_at', dbt.type_timestamp()) }} as changed_at,
        cast(field as {{ dbt.type_string() }}) as field,
        case
            when {{ personal }} then {{ hash_pii('old_value') }}
            else cast(old_value as {{ dbt.type_string() }})
        end as old_value,
        case
            when {{ personal }} then {{ hash_pii('new_value') }}
            else cast(new_value as {{ dbt.type_string() }})
        end as new_value,
        {{ personal }} as values_hashed,
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
        values_hashed,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
