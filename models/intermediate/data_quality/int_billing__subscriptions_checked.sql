{#-
    Every row of stg_billing__subscriptions with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_billing__subscriptions_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

customers as (

    select customer_id from {{ ref('int_billing__customers_cleaned') }}

),

final as (

    select
        staged.subscription_id,
        staged.customer_id,
        staged.status,
        staged.status_original,
        staged.started_at,
        staged.current_term_start,
        staged.current_term_end,
        staged.term_months,
        staged.auto_renew,
        staged.canceled_at,
        staged.cancel_reason,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_customer_id.customer_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_customer_id.customer_id is null then 'customer_id'
        end as quarantine_column
    from staged
    left join customers as parent_customer_id
        on staged.customer_id = parent_customer_id.customer_id

)

select * from final
