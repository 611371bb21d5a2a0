{#-
    One row per raw row of usage.events: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('quantity', type_double()),
    ('occurred_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('usage', 'events') }}

),

renamed as (

    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        {{ map_to_vocabulary('event_name', 'usage.events.event_name') }} as event_name,
        cast(event_name as {{ dbt.type_string() }}) as event_name_original,
        cast(feature_key as {{ dbt.type_string() }}) as feature_key,
        {{ cast_or_null('quantity', type_double()) }} as quantity,
        {{ cast_or_null('occurred_at', dbt.type_timestamp()) }} as occurred_at,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['event_id'],
        checks=[
            ('negative_quantity', "quantity < 0", 'quantity'),
            ('future_timestamp', is_after_load('occurred_at'), 'occurred_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        event_id,
        account_id,
        user_id,
        event_name,
        event_name_original,
        feature_key,
        quantity,
        occurred_at,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
