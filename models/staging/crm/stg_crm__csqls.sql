{#-
    One row per raw row of crm.csqls: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('signal_at', dbt.type_timestamp()),
    ('created_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'csqls') }}

),

renamed as (

    select
        cast(csql_id as {{ dbt.type_string() }}) as csql_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(trigger_key as {{ dbt.type_string() }}) as trigger_key,
        {{ cast_or_null('signal_at', dbt.type_timestamp()) }} as signal_at,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['csql_id'],
        checks=[
            ('future_timestamp', is_after_load('signal_at'), 'signal_at'),
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        csql_id,
        account_id,
        trigger_key,
        signal_at,
        created_at,
        owner_id,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
