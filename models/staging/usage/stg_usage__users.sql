{#-
    One row per raw row of usage.users: typed with safe casts, PII hashed, row-level checks only.
    A table, not a view: the keyed hash runs in the build (macro hash_pii).
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{{ config(materialized='table') }}
{%- set typed_columns = [
    ('created_at', dbt.type_timestamp()),
    ('deactivated_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('usage', 'users') }}

),

renamed as (

    select
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ hash_pii('email') }} as email_hash,
        cast(department as {{ dbt.type_string() }}) as department,
        cast(role as {{ dbt.type_string() }}) as role,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        {{ cast_or_null('deactivated_at', dbt.type_timestamp()) }} as deactivated_at,
        cast(invited_by_user_id as {{ dbt.type_string() }}) as invited_by_user_id,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['user_id'],
        checks=[
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        user_id,
        account_id,
        email_hash,
        department,
        role,
        created_at,
        deactivated_at,
        invited_by_user_id,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
