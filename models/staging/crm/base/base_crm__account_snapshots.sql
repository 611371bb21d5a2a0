with

source as (

    select * from {{ source('crm', 'account_snapshots') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(snapshot_date as date) as snapshot_date,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(employee_count as {{ dbt.type_int() }}) as employee_count,
        cast(open_roles as {{ dbt.type_int() }}) as open_roles,
        cast(last_funding_at as {{ dbt.type_timestamp() }}) as last_funding_at,
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
        ['account_id', 'snapshot_date'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('invalid_value', "segment not in ('smb', 'mid_market', 'enterprise')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        account_id,
        snapshot_date,
        segment,
        employee_count,
        open_roles,
        last_funding_at,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
