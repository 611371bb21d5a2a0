{#-
    One row per raw row of crm.success_milestones: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('target_date', 'date'),
    ('achieved_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'success_milestones') }}

),

renamed as (

    select
        cast(milestone_id as {{ dbt.type_string() }}) as milestone_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(milestone_type as {{ dbt.type_string() }}) as milestone_type,
        {{ cast_or_null('target_date', 'date') }} as target_date,
        {{ cast_or_null('achieved_at', dbt.type_timestamp()) }} as achieved_at,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['milestone_id'],
    ) | indent(4) }}

),

final as (

    select
        milestone_id,
        account_id,
        milestone_type,
        target_date,
        achieved_at,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
