with

source as (

    select * from {{ source('billing', 'subscription_items') }}

),

known_subscriptions as (

    select distinct subscription_id from {{ ref('stg_billing__subscriptions') }}

),

known_plans as (

    select distinct plan_id from {{ ref('stg_billing__plans') }}

),

known_currencies as (

    select distinct currency from {{ ref('stg_finance__fx_rates') }}

),

renamed as (

    select
        cast(subscription_item_id as {{ dbt.type_string() }}) as subscription_item_id,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(plan_id as {{ dbt.type_string() }}) as plan_id,
        cast(quantity as {{ dbt.type_numeric() }}) as quantity,
        cast(unit_price as {{ dbt.type_numeric() }}) as unit_price,
        cast(discount_pct as {{ dbt.type_numeric() }}) as discount_pct,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(valid_from as {{ dbt.type_timestamp() }}) as valid_from,
        cast(valid_to as {{ dbt.type_timestamp() }}) as valid_to,
        cast(change_reason as {{ dbt.type_string() }}) as change_reason,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_subscription_id.subscription_id is null
            or parent_plan_id.plan_id is null
        ) as _has_orphan_key,
        known_currencies.currency is null as _has_unknown_currency
    from renamed
    left join known_subscriptions as parent_subscription_id
        on renamed.subscription_id = parent_subscription_id.subscription_id
    left join known_plans as parent_plan_id
        on renamed.plan_id = parent_plan_id.plan_id
    left join known_currencies
        on renamed.currency = known_currencies.currency

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['subscription_item_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('negative_quantity', "quantity < 0"),
            ('unknown_currency', "_has_unknown_currency"),
            ('invalid_value', "change_reason not in ('new', 'seat_increase', 'seat_decrease', 'upgrade', 'downgrade', 'price_change', 'cross_sell', 'renewal', 'reactivation')"),
            ('invalid_value', "unit_price < 0"),
            ('invalid_value', "discount_pct < 0 or discount_pct > 1"),
            ('invalid_value', "valid_to < valid_from"),
            ('invalid_value', "valid_from is null"),
        ],
    ) | indent(4) }}

),

final as (

    select
        subscription_item_id,
        subscription_id,
        customer_id,
        plan_id,
        quantity,
        unit_price,
        discount_pct,
        currency,
        valid_from,
        valid_to,
        change_reason,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
