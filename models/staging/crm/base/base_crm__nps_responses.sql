with

source as (

    select * from {{ source('crm', 'nps_responses') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

known_contacts as (

    select distinct contact_id from {{ ref('stg_crm__contacts') }}

),

renamed as (

    select
        cast(response_id as {{ dbt.type_string() }}) as response_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(responded_at as {{ dbt.type_timestamp() }}) as responded_at,
        cast(score as {{ dbt.type_int() }}) as score,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_account_id.account_id is null
            or (renamed.contact_id is not null and parent_contact_id.contact_id is null)
        ) as _has_orphan_key
    from renamed
    left join known_accounts as parent_account_id
        on renamed.account_id = parent_account_id.account_id
    left join known_contacts as parent_contact_id
        on renamed.contact_id = parent_contact_id.contact_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['response_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('responded_at')),
            ('invalid_value', "score < 0 or score > 10"),
        ],
    ) | indent(4) }}

),

final as (

    select
        response_id,
        account_id,
        contact_id,
        responded_at,
        score,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
