{#-
    Every row of stg_billing__subscription_items with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys: subscription, customer, plan; currencies with a
    rate).
    Materialized once; int_billing__subscription_items_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_billing__subscription_items') }}

),

subscriptions as (

    select subscription_id from {{ ref('int_billing__subscriptions_cleaned') }}

),

customers as (

    {#- the MRR path joins items to customers (int_subscription_items_enriched): an unknown customer
        is held here instead of being dropped by that join #}
    select customer_id from {{ ref('int_billing__customers_cleaned') }}

),

plans as (

    select plan_id from {{ ref('int_billing__plans_cleaned') }}

),

currencies as (

    {{ currencies_with_rates() | indent(4) }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

final as (

    select
        staged.subscription_item_id,
        staged.subscription_id,
        staged.customer_id,
        staged.plan_id,
        staged.quantity,
        staged.unit_price,
        staged.discount_pct,
        staged.currency,
        staged.valid_from,
        staged.valid_to,
        staged.change_reason,
        staged.change_reason_original,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_subscription_id.subscription_id is null then 'orphan_key'
            when parent_customer_id.customer_id is null then 'orphan_key'
            when parent_plan_id.plan_id is null then 'orphan_key'
            when staged.currency is not null and currencies.currency is null then 'unknown_currency'
            when {{ has_no_rate_by('staged.valid_from') }} then 'missing_fx_rate'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_subscription_id.subscription_id is null then 'subscription_id'
            when parent_customer_id.customer_id is null then 'customer_id'
            when parent_plan_id.plan_id is null then 'plan_id'
            when staged.currency is not null and currencies.currency is null then 'currency'
            when {{ has_no_rate_by('staged.valid_from') }} then 'currency'
        end as quarantine_column
    from staged
    left join subscriptions as parent_subscription_id
        on staged.subscription_id = parent_subscription_id.subscription_id
    left join customers as parent_customer_id
        on staged.customer_id = parent_customer_id.customer_id
    left join plans as parent_plan_id
        on staged.plan_id = parent_plan_id.plan_id
    left join currencies
        on staged.currency = currencies.currency
    cross join as_of

)

select * from final
