with

source as (

    select * from {{ source('billing', 'plans') }}

),

known_products as (

    select distinct product_id from {{ ref('stg_billing__products') }}

),

known_currencies as (

    select distinct currency from {{ ref('stg_finance__fx_rates') }}

),

renamed as (

    select
        cast(plan_id as {{ dbt.type_string() }}) as plan_id,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(plan_name as {{ dbt.type_string() }}) as plan_name,
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(tier_rank as {{ dbt.type_int() }}) as tier_rank,
        cast(billing_interval_months as {{ dbt.type_int() }}) as billing_interval_months,
        cast(pricing_model as {{ dbt.type_string() }}) as pricing_model,
        cast(list_unit_price as {{ dbt.type_numeric() }}) as list_unit_price,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(included_seats as {{ dbt.type_int() }}) as included_seats,
        cast(usage_limit_units as {{ dbt.type_int() }}) as usage_limit_units,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_product_id.product_id is null
        ) as _has_orphan_key,
        known_currencies.currency is null as _has_unknown_currency
    from renamed
    left join known_products as parent_product_id
        on renamed.product_id = parent_product_id.product_id
    left join known_currencies
        on renamed.currency = known_currencies.currency

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['plan_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('unknown_currency', "_has_unknown_currency"),
            ('invalid_value', "pricing_model not in ('per_seat', 'flat', 'usage')"),
            ('invalid_value', "billing_interval_months is null or billing_interval_months <= 0"),
            ('invalid_value', "list_unit_price < 0"),
        ],
    ) | indent(4) }}

),

final as (

    select
        plan_id,
        product_id,
        plan_name,
        tier,
        tier_rank,
        billing_interval_months,
        pricing_model,
        list_unit_price,
        currency,
        included_seats,
        usage_limit_units,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
