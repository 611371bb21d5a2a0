{#-
    One row per renewal date of every subscription: the current term end and each earlier term end
    after the start (stepping back term_months at a time from current_term_end), with the account,
    the term length and whether the date is the current term's end. Renewal triggers and the renewal
    pipeline read their dates from here.
-#}
with

subscriptions as (

    select * from {{ ref('int_billing__subscriptions_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

term_numbers as (

    {{ dbt.generate_series(120) }}

),

stepped as (

    select
        subscriptions.subscription_id,
        customers.account_id,
        subscriptions.status,
        subscriptions.started_at,
        subscriptions.current_term_start,
        subscriptions.current_term_end,
        subscriptions.term_months,
        subscriptions.auto_renew,
        subscriptions.canceled_at,
        term_numbers.generated_number - 1 as terms_back,
        {{ dbt.dateadd(
            'month',
            '-1 * (term_numbers.generated_number - 1) * subscriptions.term_months',
            'subscriptions.current_term_end'
        ) }} as renewal_at
    from subscriptions
    inner join customers
        on subscriptions.customer_id = customers.customer_id
    cross join term_numbers
    where subscriptions.current_term_end is not null and subscriptions.term_months > 0

),

final as (

    select
        subscription_id,
        account_id,
        status,
        cast(renewal_at as {{ dbt.type_timestamp() }}) as renewal_at,
        cast(renewal_at as date) as renewal_date,
        cast(term_months as {{ dbt.type_int() }}) as term_months,
        terms_back = 0 as is_current_term_end,
        auto_renew,
        canceled_at
    from stepped
    where renewal_at > started_at

)

select * from final
