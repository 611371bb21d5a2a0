{#-
    One row per raw row of crm.support_tickets: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('created_at', dbt.type_timestamp()),
    ('resolved_at', dbt.type_timestamp()),
    ('csat_score', dbt.type_int()),
    ('is_feature_request', dbt.type_boolean()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'support_tickets') }}

),

renamed as (

    select
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        {{ cast_or_null('resolved_at', dbt.type_timestamp()) }} as resolved_at,
        cast(priority as {{ dbt.type_string() }}) as priority,
        cast(category as {{ dbt.type_string() }}) as category,
        {{ cast_or_null('csat_score', dbt.type_int()) }} as csat_score,
        {{ cast_or_null('is_feature_request', dbt.type_boolean()) }} as is_feature_request,
        cast(requested_product_line as {{ dbt.type_string() }}) as requested_product_line,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['ticket_id'],
        checks=[
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
            ('invalid_value', "csat_score < 1 or csat_score > 5", 'csat_score'),
        ],
    ) | indent(4) }}

),

final as (

    select
        ticket_id,
        account_id,
        created_at,
        resolved_at,
        priority,
        category,
        csat_score,
        is_feature_request,
        requested_product_line,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
