with

source as (

    select * from {{ source('crm', 'accounts') }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(parent_account_id as {{ dbt.type_string() }}) as parent_account_id,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(region as {{ dbt.type_string() }}) as region,
        cast(employee_count as {{ dbt.type_int() }}) as employee_count,
        cast(csm_owner_id as {{ dbt.type_string() }}) as csm_owner_id,
        cast(ae_owner_id as {{ dbt.type_string() }}) as ae_owner_id,
        cast(fiscal_year_start_month as {{ dbt.type_int() }}) as fiscal_year_start_month,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(onboarded_at as {{ dbt.type_timestamp() }}) as onboarded_at,
        cast(is_deleted as {{ dbt.type_boolean() }}) as is_deleted,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

known_parents as (

    select distinct account_id from renamed

),

joined as (

    select
        renamed.*,
        (
            renamed.parent_account_id is not null
            and known_parents.account_id is null
        ) as _has_orphan_key
    from renamed
    left join known_parents
        on renamed.parent_account_id = known_parents.account_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['account_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('created_at')),
            ('invalid_value', "segment not in ('smb', 'mid_market', 'enterprise')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        account_id,
        account_name,
        parent_account_id,
        segment,
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
        quarantine_reason
    from flagged

)

select * from final
