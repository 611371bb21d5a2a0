{#-
    One row per raw row of crm.nps_responses: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('responded_at', dbt.type_timestamp()),
    ('score', dbt.type_int()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'nps_responses') }}

),

renamed as (

    select
        cast(response_id as {{ dbt.type_string() }}) as response_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ cast_or_null('responded_at', dbt.type_timestamp()) }} as responded_at,
        {{ cast_or_null('score', dbt.type_int()) }} as score,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['response_id'],
        checks=[
            ('future_timestamp', is_after_load('responded_at'), 'responded_at'),
            ('invalid_value', "score < 0 or score > 10", 'score'),
        ],
    ) | indent(4) }}

),

final as (

    select
        response_id,
        account_id,
        contact_id,
        responded_at,
        score,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
