{#-
    One row per raw row of crm.accounts: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('employee_count', dbt.type_int()),
    ('fiscal_year_start_month', dbt.type_int()),
    ('created_at', dbt.type_timestamp()),
    ('onboarded_at', dbt.type_timestamp()),
    ('is_deleted', dbt.type_boolean()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'accounts') }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(parent_account_id as {{ dbt.type_string() }}) as parent_account_id,
        {{ map_to_vocabulary('segment', 'crm.accounts.segment') }} as segment,
        cast(segment as {{ dbt.type_string() }}) as segment_original,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(region as {{ dbt.type_string() }}) as region,
        {{ cast_or_null('employee_count', dbt.type_int()) }} as employee_count,
        cast(csm_owner_id as {{ dbt.type_string() }}) as csm_owner_id,
        cast(ae_owner_id as {{ dbt.type_string() }}) as ae_owner_id,
        {{ cast_or_null('fiscal_year_start_month', dbt.type_int()) }} as fiscal_year_start_month,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        {{ cast_or_null('onboarded_at', dbt.type_timestamp()) }} as onboarded_at,
        {{ cast_or_null('is_deleted', dbt.type_boolean()) }} as is_deleted,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['account_id'],
        checks=[
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        account_id,
        account_name,
        parent_account_id,
        segment,
        segment_original,
        industry,
        region,
        employee_count,
        csm_owner_id,
        ae_owner_id,
        fiscal_year_start_month,
        created_at,
        onboarded_at,
        is_deleted,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
