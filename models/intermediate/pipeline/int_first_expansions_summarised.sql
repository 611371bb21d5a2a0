{#-
    Time to first expansion per month and segment (plus 'all'; the account's current segment): the
    accounts whose first billed expansion falls in the month, and their average days from the first
    subscription start to it.
-#}
with

revenue_changes as (

    select * from {{ ref('int_account_revenue_changes_listed') }}

),

customer_spans as (

    select * from {{ ref('int_account_customer_spans_derived') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

segment_keys as (

    {{ segment_keys() }}

),

first_customer as (

    select
        account_id,
        min(customer_from) as first_customer_at
    from customer_spans
    group by account_id

),

first_expansion as (

    select
        account_id,
        min(changed_at) as first_expanded_at
    from revenue_changes
    where change_direction = 'expansion' and change_source like 'billing%'
    group by account_id

),

final as (

    select
        cast({{ dbt.date_trunc('month', 'first_expansion.first_expanded_at') }} as date) as revenue_month,
        segment_keys.segment_key as segment,
        count(*) as accounts_first_expanded,
        avg({{ dbt.datediff('first_customer.first_customer_at', 'first_expansion.first_expanded_at', 'day') }})
            as time_to_first_expansion_days
    from first_expansion
    inner join first_customer
        on first_expansion.account_id = first_customer.account_id
    left join accounts
        on first_expansion.account_id = accounts.account_id
    inner join segment_keys
        on accounts.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'
    group by cast({{ dbt.date_trunc('month', 'first_expansion.first_expanded_at') }} as date), segment_keys.segment_key

)

select * from final
