{#-
    One row per raw row of crm.contacts: typed with safe casts, PII hashed, row-level checks only.
    A table, not a view: the keyed hash runs in the build (macro hash_pii). The email and the name
    leave as keyed hashes only (no domain: nothing reads it, and beside a hash it narrows a search).
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{{ config(materialized='table') }}
{%- set typed_columns = [
    ('is_champion', dbt.type_boolean()),
    ('is_exec_sponsor', dbt.type_boolean()),
    ('created_at', dbt.type_timestamp()),
    ('left_company_at', dbt.type_timestamp()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ source('crm', 'contacts') }}

),

renamed as (

    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ hash_pii('email') }} as email_hash,
        {{ hash_pii('full_name') }} as full_name_hash,
        cast(title as {{ dbt.type_string() }}) as title,
        {{ map_to_vocabulary('seniority', 'crm.contacts.seniority') }} as seniority,
        cast(seniority as {{ dbt.type_string() }}) as seniority_original,
        cast(department as {{ dbt.type_string() }}) as department,
        {{ cast_or_null('is_champion', dbt.type_boolean()) }} as is_champion,
        {{ cast_or_null('is_exec_sponsor', dbt.type_boolean()) }} as is_exec_sponsor,
        {{ cast_or_null('created_at', dbt.type_timestamp()) }} as created_at,
        {{ cast_or_null('left_company_at', dbt.type_timestamp()) }} as left_company_at,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['contact_id'],
        checks=[
            ('future_timestamp', is_after_load('created_at'), 'created_at'),
        ],
    ) | indent(4) }}

),

final as (

    select
        contact_id,
        account_id,
        email_hash,
        full_name_hash,
        title,
        seniority,
        seniority_original,
        department,
        is_champion,
        is_exec_sponsor,
        created_at,
        left_company_at,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
