{#-
    Every row of stg_billing__plans with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys, currencies with a rate).
    Materialized once; int_billing__plans_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_billing__plans') }}

),

products as (

    select product_id from {{ ref('int_billing__products_cleaned') }}

),

currencies as (

    {{ currencies_with_rates() | indent(4) }}

),

final as (

    select
        staged.plan_id,
        staged.product_id,
        staged.plan_name,
        staged.tier,
        staged.tier_rank,
        staged.billing_interval_months,
        staged.pricing_model,
        staged.pricing_model_original,
        staged.list_unit_price,
        staged.currency,
        staged.included_seats,
        staged.usage_limit_units,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_product_id.product_id is null then 'orphan_key'
            when staged.currency is not null and currencies.currency is null then 'unknown_currency'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_product_id.product_id is null then 'product_id'
            when staged.currency is not null and currencies.currency is null then 'currency'
        end as quarantine_column
    from staged
    left join products as parent_product_id
        on staged.product_id = parent_product_id.product_id
    left join currencies
        on staged.currency = currencies.currency

)

select * from final
