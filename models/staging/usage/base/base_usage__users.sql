with

source as (

    select * from {{ source('usage', 'users') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

renamed as (

    select
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ hash_pii('email') }} as email_hash,
        lower({{ dbt.split_part('trim(email)', "'@'", 2) }}) as email_domain,
        cast(department as {{ dbt.type_string() }}) as department,
        cast(role as {{ dbt.type_string() }}) as role,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(deactivated_at as {{ dbt.type_timestamp() }}) as deactivated_at,
        cast(invited_by_user_id as {{ dbt.type_string() }}) as invited_by_user_id,
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
        ['user_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('created_at')),
        ],
    ) | indent(4) }}

),

final as (

    select
        user_id,
        account_id,
        email_hash,
        email_domain,
        department,
        role,
        created_at,
        deactivated_at,
        invited_by_user_id,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
