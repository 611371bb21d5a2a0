{#-
    Subscription item versions with their plan, product and CRM account, and the validity window as
    dates (an item counts on day d when valid_from_date <= d < valid_to_date; open-ended when
    valid_to is null). Shared by MRR, usage limits and scores.
-#}
with

subscription_items as (

    select * from {{ ref('int_billing__subscription_items_cleaned') }}

),

plans as (

    select * from {{ ref('int_billing__plans_cleaned') }}

),

products as (

    select * from {{ ref('int_billing__products_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

joined as (

    select
        subscription_items.subscription_item_id,
        subscription_items.subscription_id,
        subscription_items.customer_id,
        customers.account_id,
        subscription_items.plan_id,
        plans.product_id,
        products.product_line,
        products.is_addon,
        plans.tier,
        plans.tier_rank,
        plans.pricing_model,
        plans.billing_interval_months,
        plans.included_seats,
        plans.usage_limit_units,
        subscription_items.quantity,
        subscription_items.unit_price,
        subscription_items.discount_pct,
        subscription_items.currency,
        subscription_items.valid_from,
        subscription_items.valid_to,
        cast(subscription_items.valid_from as date) as valid_from_date,
        cast(subscription_items.valid_to as date) as valid_to_date,
        subscription_items.change_reason
    from subscription_items
    inner join plans
        on subscription_items.plan_id = plans.plan_id
    inner join products
        on plans.product_id = products.product_id
    inner join customers
        on subscription_items.customer_id = customers.customer_id

),

final as (

    select * from joined

)

select * from final
