{#-
    Invoiced recurring revenue recognised per month, for reconciling contracted MRR to billing:
    recurring and proration lines of non-void invoices, spread over the months of their service period
    (period end exclusive) in proportion to the share of each month covered, converted at the
    constant rate of the month. Lines shorter than a day are left out.
-#}
with

invoice_lines as (

    select * from {{ ref('int_billing__invoice_lines_cleaned') }}

),

invoices as (

    select * from {{ ref('int_billing__invoices_cleaned') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_months_resolved') }}

),

calendar_months as (

    {#- every month a service period can touch, including months after the reporting date #}
    {{ dbt.date_spine('month', "cast('2000-01-01' as date)", "cast('2101-01-01' as date)") }}

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
        and cast(invoice_lines.service_period_end as date) > cast(invoice_lines.service_period_start as date)

),

month_fractions as (

    {#- the share of each calendar month the line's service period covers #}
    select
        recurring_lines.invoice_line_id,
        recurring_lines.currency,
        recurring_lines.amount,
        cast(calendar_months.date_month as date) as revenue_month,
        1e0 * {{ dbt.datediff(
            'case when recurring_lines.period_start > calendar_months.date_month then recurring_lines.period_start else calendar_months.date_month end',
            'case when recurring_lines.period_end < ' ~ dbt.dateadd('month', 1, 'calendar_months.date_month') ~ ' then recurring_lines.period_end else cast(' ~ dbt.dateadd('month', 1, 'calendar_months.date_month') ~ ' as date) end',
            'day',
        ) }}
        / {{ dbt.datediff('calendar_months.date_month', dbt.dateadd('month', 1, 'calendar_months.date_month'), 'day') }}
            as month_fraction
    from recurring_lines
    inner join calendar_months
        on
            recurring_lines.period_start < {{ dbt.dateadd('month', 1, 'calendar_months.date_month') }}
            and recurring_lines.period_end > calendar_months.date_month

),

spread as (

    {#- the line's amount shared over its months in proportion to the fractions, so an annual
        invoice puts 1/12 in every whole month, like MRR normalisation #}
    select
        revenue_month,
        currency,
        amount * month_fraction / {{ exact_sum('month_fraction', over='partition by invoice_line_id') }}
            as recognised_local
    from month_fractions

),

final as (

    select
        spread.revenue_month,
        cast({{ exact_sum('spread.recognised_local * fx_rates.constant_usd_per_unit') }} as {{ dbt.type_numeric() }})
            as recognised_recurring_usd
    from spread
    inner join months
        on spread.revenue_month = months.revenue_month
    inner join fx_rates
        on
            spread.revenue_month = fx_rates.revenue_month
            and spread.currency = fx_rates.currency
    group by spread.revenue_month

)

select * from final
