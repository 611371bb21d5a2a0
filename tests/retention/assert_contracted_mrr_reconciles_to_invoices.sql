{#-
    Publish gate: contracted recurring revenue reconciles with invoiced recurring revenue, like for
    like, month by month over the closed months. Both sides are recognised by day: contracted
    revenue is each item version's monthly value times the share of the month it is valid
    (int_contracted_revenue_months_recognised), invoiced revenue is recurring and proration lines
    spread over their service periods (int_recurring_revenue_months_recognised). A month fails only
    when the gap is above var mrr_invoice_reconciliation_tolerance of contracted revenue *and* above
    var mrr_invoice_reconciliation_min_gap_usd: a small book's one-off credit note is not a data
    error, a billing system and subscription log that disagree is. The first month of data is left
    out (its invoices may cover periods that began before the export).
-#}
with

contracted as (

    select * from {{ ref('int_contracted_revenue_months_recognised') }}

),

recognised as (

    select * from {{ ref('int_recurring_revenue_months_recognised') }}

),

board as (

    select * from {{ ref('rpt_board_retention') }}

),

closed_months as (

    select revenue_month from board
    where is_total and is_month_closed

),

compared as (

    select
        contracted.revenue_month,
        contracted.contracted_revenue_usd,
        coalesce(recognised.recognised_recurring_usd, 0) as recognised_recurring_usd,
        abs(contracted.contracted_revenue_usd - coalesce(recognised.recognised_recurring_usd, 0)) as gap_usd
    from contracted
    inner join closed_months
        on contracted.revenue_month = closed_months.revenue_month
    left join recognised
        on contracted.revenue_month = recognised.revenue_month
    where
        contracted.contracted_revenue_usd > 0
        and contracted.revenue_month > (select min(first_month.revenue_month) from contracted as first_month)

),

final as (

    select
        revenue_month,
        contracted_revenue_usd,
        recognised_recurring_usd,
        gap_usd,
        gap_usd / contracted_revenue_usd as relative_gap
    from compared

)

select * from final
where
    relative_gap > {{ var('mrr_invoice_reconciliation_tolerance') }}
    and gap_usd > {{ var('mrr_invoice_reconciliation_min_gap_usd') }}
