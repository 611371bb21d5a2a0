{#-
    Every row of stg_billing__invoices with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys, currencies with a rate).
    Materialized once; int_billing__invoices_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_billing__invoices') }}

),

customers as (

    select customer_id from {{ ref('int_billing__customers_cleaned') }}

),

currencies as (

    {{ currencies_with_rates() | indent(4) }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

final as (

    select
        staged.invoice_id,
        staged.customer_id,
        staged.status,
        staged.currency,
        staged.issued_at,
        staged.due_at,
        staged.paid_at,
        staged.total_amount,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_customer_id.customer_id is null then 'orphan_key'
            when staged.currency is not null and currencies.currency is null then 'unknown_currency'
            when {{ has_no_rate_by('staged.issued_at') }} then 'missing_fx_rate'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_customer_id.customer_id is null then 'customer_id'
            when staged.currency is not null and currencies.currency is null then 'currency'
            when {{ has_no_rate_by('staged.issued_at') }} then 'currency'
        end as quarantine_column
    from staged
    left join customers as parent_customer_id
        on staged.customer_id = parent_customer_id.customer_id
    left join currencies
        on staged.currency = currencies.currency
    cross join as_of

)

select * from final
