with

source as (

    select * from {{ source('crm', 'success_milestones') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

renamed as (

    select
        cast(milestone_id as {{ dbt.type_string() }}) as milestone_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(milestone_type as {{ dbt.type_string() }}) as milestone_type,
        cast(target_date as date) as target_date,
        cast(achieved_at as {{ dbt.type_timestamp() }}) as achieved_at,
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
        ['milestone_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
        ],
    ) | indent(4) }}

),

final as (

    select
        milestone_id,
        account_id,
        milestone_type,
        target_date,
        achieved_at,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
