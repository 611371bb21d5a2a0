with

source as (

    select * from {{ source('crm', 'contacts') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

renamed as (

    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ hash_pii('email') }} as email_hash,
        lower({{ dbt.split_part('trim(email)', "'@'", 2) }}) as email_domain,
        {{ hash_pii('full_name') }} as full_name_hash,
        cast(title as {{ dbt.type_string() }}) as title,
        cast(seniority as {{ dbt.type_string() }}) as seniority,
        cast(department as {{ dbt.type_string() }}) as department,
        cast(is_champion as {{ dbt.type_boolean() }}) as is_champion,
        cast(is_exec_sponsor as {{ dbt.type_boolean() }}) as is_exec_sponsor,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(left_company_at as {{ dbt.type_timestamp() }}) as left_company_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_account_id.account_id is null
        ) as _has_orphan_key
    from renamed
    left join known_accounts as parent_account_id
        on renamed.account_id = parent_account_id.account_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['contact_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('created_at')),
            ('invalid_value', "seniority not in ('ic', 'manager', 'director', 'vp', 'c_level')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        contact_id,
        account_id,
        email_hash,
        email_domain,
        full_name_hash,
        title,
        seniority,
        department,
        is_champion,
        is_exec_sponsor,
        created_at,
        left_company_at,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
