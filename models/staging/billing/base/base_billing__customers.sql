with

source as (

    select * from {{ source('billing', 'customers') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

known_currencies as (

    select distinct currency from {{ ref('stg_finance__fx_rates') }}

),

renamed as (

    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_account_id.account_id is null
        ) as _has_orphan_key,
        known_currencies.currency is null as _has_unknown_currency
    from renamed
    left join known_accounts as parent_account_id
        on renamed.account_id = parent_account_id.account_id
    left join known_currencies
        on renamed.currency = known_currencies.currency

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['customer_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('unknown_currency', "_has_unknown_currency"),
            ('future_timestamp', is_after_load('created_at')),
        ],
    ) | indent(4) }}

),

final as (

    select
        customer_id,
        account_id,
        currency,
        created_at,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
