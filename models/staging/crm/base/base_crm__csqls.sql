with

source as (

    select * from {{ source('crm', 'csqls') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

renamed as (

    select
        cast(csql_id as {{ dbt.type_string() }}) as csql_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(trigger_key as {{ dbt.type_string() }}) as trigger_key,
        cast(signal_at as {{ dbt.type_timestamp() }}) as signal_at,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
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
        ['csql_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('signal_at')),
            ('future_timestamp', is_after_load('created_at')),
        ],
    ) | indent(4) }}

),

final as (

    select
        csql_id,
        account_id,
        trigger_key,
        signal_at,
        created_at,
        owner_id,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
