with

source as (

    select * from {{ source('crm', 'support_tickets') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

renamed as (

    select
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(resolved_at as {{ dbt.type_timestamp() }}) as resolved_at,
        cast(priority as {{ dbt.type_string() }}) as priority,
        cast(category as {{ dbt.type_string() }}) as category,
        cast(csat_score as {{ dbt.type_int() }}) as csat_score,
        cast(is_feature_request as {{ dbt.type_boolean() }}) as is_feature_request,
        cast(requested_product_line as {{ dbt.type_string() }}) as requested_product_line,
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
        ['ticket_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('created_at')),
            ('invalid_value', "csat_score < 1 or csat_score > 5"),
        ],
    ) | indent(4) }}

),

final as (

    select
        ticket_id,
        account_id,
        created_at,
        resolved_at,
        priority,
        category,
        csat_score,
        is_feature_request,
        requested_product_line,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
