{#-
    Usage revenue per account, product line and month: `usage` invoice lines of invoices that are
    neither void nor uncollectible, in the month their service period starts, converted like
    contracted MRR. Empty when var include_usage_revenue is false.
-#}
with

invoice_lines as (

    select * from {{ ref('int_billing__invoice_lines_cleaned') }}

),

invoices as (

    select * from {{ ref('int_billing__invoices_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

plans as (

    select * from {{ ref('int_billing__plans_cleaned') }}

),

products as (

    select * from {{ ref('int_billing__products_cleaned') }}

),

hierarchies as (

    select * from {{ ref('int_account_hierarchies_resolved') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_months_resolved') }}

),

usage_lines as (

    select
        customers.account_id,
        coalesce(products.product_line, 'unattributed_usage') as product_line,
        invoices.currency,
        cast({{ dbt.date_trunc('month', 'invoice_lines.service_period_start') }} as date) as revenue_month,
        invoice_lines.amount as amount_local
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    inner join customers
        on invoices.customer_id = customers.customer_id
    left join plans
        on invoice_lines.plan_id = plans.plan_id
    left join products
        on plans.product_id = products.product_id
    where
        invoice_lines.line_type = 'usage'
        and invoices.status not in ('void', 'uncollectible')
        and {{ 'true' if var('include_usage_revenue') else 'false' }}

),

aggregated as (

    select
        usage_lines.account_id,
        hierarchies.retention_grain_id as grain_id,
        usage_lines.product_line,
        usage_lines.revenue_month,
        usage_lines.currency,
        sum(usage_lines.amount_local) as usage_revenue_local
    from usage_lines
    inner join hierarchies
        on usage_lines.account_id = hierarchies.account_id
    inner join months
        on usage_lines.revenue_month = months.revenue_month
    group by
        usage_lines.account_id,
        hierarchies.retention_grain_id,
        usage_lines.product_line,
        usage_lines.revenue_month,
        usage_lines.currency

),

final as (

    select
        aggregated.account_id,
        aggregated.grain_id,
        aggregated.product_line,
        aggregated.revenue_month,
        aggregated.currency,
        aggregated.usage_revenue_local,
        cast(aggregated.usage_revenue_local * fx_rates.constant_usd_per_unit as {{ dbt.type_numeric() }})
            as usage_mrr_usd,
        cast(aggregated.usage_revenue_local * fx_rates.month_end_usd_per_unit as {{ dbt.type_numeric() }})
            as usage_mrr_usd_actual_fx
    from aggregated
    left join fx_rates
        on
            aggregated.revenue_month = fx_rates.revenue_month
            and aggregated.currency = fx_rates.currency

)

select * from final
