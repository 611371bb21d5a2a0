{#-
    One row per raw row of crm.csql_stage_history: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('entered_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'csql_stage_history') }}

),

renamed as (

    select
        cast(csql_id as {{ dbt.type_string() }}) as csql_id,
        {{ map_to_vocabulary('stage', 'crm.csql_stage_history.stage') }} as stage,
        cast(stage as {{ dbt.type_string() }}) as stage_original,
        {{ cast_or_null('entered_at', dbt.type_timestamp()) }} as entered_at,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['csql_id', 'stage_original'],
        checks=[
            ('future_timestamp', is_after_load('entered_at'), 'entered_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        csql_id,
        stage,
        stage_original,
        entered_at,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
