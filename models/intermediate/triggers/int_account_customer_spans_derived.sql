{#-
    When each account was a customer: one row per subscription, from its start until it was
    canceled (open-ended while not canceled). Triggers only fire inside these spans.
-#}
with

subscriptions as (

    select * from {{ ref('int_billing__subscriptions_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

final as (

    select
        subscriptions.subscription_id,
        customers.account_id,
        subscriptions.started_at as customer_from,
        subscriptions.canceled_at as customer_to
    from subscriptions
    inner join customers
        on subscriptions.customer_id = customers.customer_id
    where subscriptions.started_at is not null

)

select * from final
