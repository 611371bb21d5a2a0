{#-
    MRR held back in quarantine, per source table, reason and month: what the held rows would add to
    MRR if they were clean, valued like clean rows (contracted items on each month's snapshot day,
    usage lines in the month their service starts, constant currency). Older copies of re-synced
    rows (`duplicate`) hold nothing back -- their latest copy counts. A held row that cannot be
    valued (no parseable quantity or price, no dates, a currency with no rate at all) adds nothing
    here but is still counted in rpt_quarantine_summary. Negative quantities count at their size.
-#}
with

subscription_items as (

    select * from {{ ref('int_billing__subscription_items_checked') }}

),

plans as (

    select * from {{ ref('int_billing__plans_checked') }}

),

invoice_lines as (

    select * from {{ ref('int_billing__invoice_lines_checked') }}

),

invoices as (

    select * from {{ ref('int_billing__invoices_checked') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_months_resolved') }}

),

held_items as (

    select
        'subscription_items' as source_table,
        subscription_items.quarantine_reason,
        months.revenue_month,
        subscription_items.currency,
        abs(cast(subscription_items.quantity as {{ type_double() }}))
        * cast(subscription_items.unit_price as {{ type_double() }})
        * (1 - coalesce(cast(subscription_items.discount_pct as {{ type_double() }}), 0))
        / plans.billing_interval_months as mrr_local
    from subscription_items
    inner join plans
        on
            subscription_items.plan_id = plans.plan_id
            and plans.quarantine_reason is distinct from 'duplicate'
            and plans.billing_interval_months > 0
    inner join months
        on
            cast(subscription_items.valid_from as date) <= months.snapshot_date
            and (
                cast(subscription_items.valid_to as date) > months.snapshot_date
                or subscription_items.valid_to is null
            )
    where subscription_items.quarantine_reason != 'duplicate'

),

held_usage_lines as (

    select
        'invoice_lines' as source_table,
        invoice_lines.quarantine_reason,
        months.revenue_month,
        invoices.currency,
        abs(cast(invoice_lines.amount as {{ type_double() }})) as mrr_local
    from invoice_lines
    inner join invoices
        on
            invoice_lines.invoice_id = invoices.invoice_id
            and invoices.quarantine_reason is distinct from 'duplicate'
            and invoices.status not in ('void', 'uncollectible')
    inner join months
        on cast({{ dbt.date_trunc('month', 'invoice_lines.service_period_start') }} as date) = months.revenue_month
    where
        invoice_lines.quarantine_reason != 'duplicate'
        and invoice_lines.line_type = 'usage'
        and {{ 'true' if var('include_usage_revenue') else 'false' }}

),

held as (

    select * from held_items
    union all
    select * from held_usage_lines

),

final as (

    select
        'billing' as source_system,
        held.source_table,
        held.quarantine_reason,
        held.revenue_month,
        cast(sum(held.mrr_local * fx_rates.constant_usd_per_unit) as {{ dbt.type_numeric() }}) as held_mrr_usd
    from held
    inner join fx_rates
        on
            held.revenue_month = fx_rates.revenue_month
            and held.currency = fx_rates.currency
    group by held.source_table, held.quarantine_reason, held.revenue_month

)

select * from final
