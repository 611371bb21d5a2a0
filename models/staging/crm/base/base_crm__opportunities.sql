with

source as (

    select * from {{ source('crm', 'opportunities') }}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

known_currencies as (

    select distinct currency from {{ ref('stg_finance__fx_rates') }}

),

renamed as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(opportunity_type as {{ dbt.type_string() }}) as opportunity_type,
        cast(expansion_type as {{ dbt.type_string() }}) as expansion_type,
        cast(source as {{ dbt.type_string() }}) as source,
        cast(amount_arr as {{ dbt.type_numeric() }}) as amount_arr,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(closed_at as {{ dbt.type_timestamp() }}) as closed_at,
        cast(is_closed as {{ dbt.type_boolean() }}) as is_closed,
        cast(is_won as {{ dbt.type_boolean() }}) as is_won,
        cast(loss_reason as {{ dbt.type_string() }}) as loss_reason,
        cast(csql_id as {{ dbt.type_string() }}) as csql_id,
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
        ['opportunity_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('unknown_currency', "_has_unknown_currency"),
            ('future_timestamp', is_after_load('created_at')),
            ('invalid_value', "opportunity_type not in ('new_business', 'expansion', 'renewal')"),
            ('invalid_value', "source not in ('csm', 'ae', 'product', 'partner')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        opportunity_id,
        account_id,
        opportunity_type,
        expansion_type,
        source,
        amount_arr,
        currency,
        stage,
        created_at,
        closed_at,
        is_closed,
        is_won,
        loss_reason,
        csql_id,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
