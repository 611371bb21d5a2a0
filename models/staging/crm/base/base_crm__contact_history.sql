with

source as (

    select * from {{ source('crm', 'contact_history') }}

),

known_contacts as (

    select distinct contact_id from {{ ref('stg_crm__contacts') }}

),

renamed as (

    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(changed_at as {{ dbt.type_timestamp() }}) as changed_at,
        cast(field as {{ dbt.type_string() }}) as field,
        cast(old_value as {{ dbt.type_string() }}) as old_value,
        cast(new_value as {{ dbt.type_string() }}) as new_value,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_contact_id.contact_id is null
        ) as _has_orphan_key
    from renamed
    left join known_contacts as parent_contact_id
        on renamed.contact_id = parent_contact_id.contact_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['contact_id', 'changed_at', 'field'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('changed_at')),
        ],
    ) | indent(4) }}

),

final as (

    select
        contact_id,
        changed_at,
        field,
        old_value,
        new_value,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
