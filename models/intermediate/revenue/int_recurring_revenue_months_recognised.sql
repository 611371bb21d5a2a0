{#-
    Invoiced recurring revenue recognised per month, for reconciling contracted MRR to billing:
    recurring and proration lines of non-void invoices, spread over their service period by days
    (period end exclusive), converted at the constant rate of the month they fall in.
-#}
with

invoice_lines as (

    select * from {{ ref('stg_billing__invoice_lines') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_months_resolved') }}

),

recurring_lines as (

    select
        invoice_lines.invoice_line_id,
        invoices.currency,
        invoice_lines.amount,
        cast(invoice_lines.service_period_start as date) as period_start,
        cast(invoice_lines.service_period_end as date) as period_end
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    where
        invoice_lines.line_type in ('recurring', 'proration')
        and invoices.status != 'void'
        and invoice_lines.service_period_end > invoice_lines.service_period_start

),

spread as (

    select
        months.revenue_month,
        recurring_lines.currency,
        recurring_lines.amount
        * {{ dbt.datediff(
            'case when recurring_lines.period_start > months.revenue_month then recurring_lines.period_start else months.revenue_month end',
            'case when recurring_lines.period_end < ' ~ dbt.dateadd('month', 1, 'months.revenue_month') ~ ' then recurring_lines.period_end else cast(' ~ dbt.dateadd('month', 1, 'months.revenue_month') ~ ' as date) end',
            'day',
        ) }}
        / {{ dbt.datediff('recurring_lines.period_start', 'recurring_lines.period_end', 'day') }} as recognised_local
    from recurring_lines
    inner join months
        on
            recurring_lines.period_start < {{ dbt.dateadd('month', 1, 'months.revenue_month') }}
            and recurring_lines.period_end > months.revenue_month

),

final as (

    select
        spread.revenue_month,
        cast(sum(spread.recognised_local * fx_rates.constant_usd_per_unit) as {{ dbt.type_numeric() }})
            as recognised_recurring_usd
    from spread
    inner join fx_rates
        on
            spread.revenue_month = fx_rates.revenue_month
            and spread.currency = fx_rates.currency
    group by spread.revenue_month

)

select * from final
