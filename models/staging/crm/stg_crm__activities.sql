{#-
    One row per raw row of crm.activities: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('occurred_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'activities') }}

),

renamed as (

    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ map_to_vocabulary('activity_type', 'crm.activities.activity_type') }} as activity_type,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type_original,
        {{ cast_or_null('occurred_at', dbt.type_timestamp()) }} as occurred_at,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['activity_id'],
        checks=[
            ('future_timestamp', is_after_load('occurred_at'), 'occurred_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        activity_id,
        account_id,
        contact_id,
        activity_type,
        activity_type_original,
        occurred_at,
        owner_id,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
