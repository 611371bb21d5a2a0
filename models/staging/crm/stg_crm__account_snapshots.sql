{#-
    One row per raw row of crm.account_snapshots: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('snapshot_date', 'date'),
    ('employee_count', dbt.type_int()),
    ('open_roles', dbt.type_int()),
    ('last_funding_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'account_snapshots') }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ cast_or_null('snapshot_date', 'date') }} as snapshot_date,
        {{ map_to_vocabulary('segment', 'crm.account_snapshots.segment') }} as segment,
        cast(segment as {{ dbt.type_string() }}) as segment_original,
        {{ cast_or_null('employee_count', dbt.type_int()) }} as employee_count,
        {{ cast_or_null('open_roles', dbt.type_int()) }} as open_roles,
        {{ cast_or_null('last_funding_at', dbt.type_timestamp()) }} as last_funding_at,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['account_id', 'snapshot_date'],
    ) | indent(4) }}

),

final as (

    select
        account_id,
        snapshot_date,
        segment,
        segment_original,
        employee_count,
        open_roles,
        last_funding_at,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
