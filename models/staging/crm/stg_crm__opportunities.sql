{#-
    One row per raw row of crm.opportunities: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('amount_arr', dbt.type_numeric()),
    ('created_at', dbt.type_timestamp()),
    ('closed_at', dbt.type_timestamp()),
    ('is_closed', dbt.type_boolean()),
    ('is_won', dbt.type_boolean()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'opportunities') }}

),

renamed as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ map_to_vocabulary('opportunity_type', 'crm.opportunities.opportunity_type') }} as opportunity_type,
        cast(opportunity_type as {{ dbt.type_string() }}) as opportunity_type_original,
        cast(expansion_type as {{ dbt.type_string() }}) as expansion_type,
        {{ map_to_vocabulary('source', 'crm.opportunities.source') }} as source,
        cast(source as {{ dbt.type_string() }}) as source_original,
        {{ cast_or_null('amount_arr', dbt.type_numeric()) }} as amount_arr,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(stage as {{ dbt.type_string() }}) as stage,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        {{ cast_or_null('closed_at', dbt.type_timestamp()) }} as closed_at,
        {{ cast_or_null('is_closed', dbt.type_boolean()) }} as is_closed,
        {{ cast_or_null('is_won', dbt.type_boolean()) }} as is_won,
        cast(loss_reason as {{ dbt.type_string() }}) as loss_reason,
        cast(csql_id as {{ dbt.type_string() }}) as csql_id,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['opportunity_id'],
        checks=[
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        opportunity_id,
        account_id,
        opportunity_type,
        opportunity_type_original,
        expansion_type,
        source,
        source_original,
        amount_arr,
        currency,
        stage,
        created_at,
        closed_at,
        is_closed,
        is_won,
        loss_reason,
        csql_id,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
