{#-
    Every row of stg_billing__invoice_lines with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_billing__invoice_lines_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_billing__invoice_lines') }}

),

invoices as (

    select invoice_id from {{ ref('int_billing__invoices_cleaned') }}

),

subscription_items as (

    select subscription_item_id from {{ ref('int_billing__subscription_items_cleaned') }}

),

plans as (

    select plan_id from {{ ref('int_billing__plans_cleaned') }}

),

final as (

    select
        staged.invoice_line_id,
        staged.invoice_id,
        staged.subscription_id,
        staged.subscription_item_id,
        staged.plan_id,
        staged.line_type,
        staged.quantity,
        staged.unit_amount,
        staged.discount_amount,
        staged.amount,
        staged.service_period_start,
        staged.service_period_end,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_invoice_id.invoice_id is null then 'orphan_key'
            when
                staged.subscription_item_id is not null
                and parent_subscription_item_id.subscription_item_id is null
                then 'orphan_key'
            when staged.plan_id is not null and parent_plan_id.plan_id is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_invoice_id.invoice_id is null then 'invoice_id'
            when
                staged.subscription_item_id is not null
                and parent_subscription_item_id.subscription_item_id is null
                then 'subscription_item_id'
            when staged.plan_id is not null and parent_plan_id.plan_id is null then 'plan_id'
        end as quarantine_column
    from staged
    left join invoices as parent_invoice_id
        on staged.invoice_id = parent_invoice_id.invoice_id
    left join subscription_items as parent_subscription_item_id
        on staged.subscription_item_id = parent_subscription_item_id.subscription_item_id
    left join plans as parent_plan_id
        on staged.plan_id = parent_plan_id.plan_id

)

select * from final
