{#-
    Contracted recurring MRR reconciles with invoiced recurring revenue, month by month over the
    closed months: invoiced recurring revenue recognised in month m (int_recurring_revenue_months_recognised)
    differs from the month's average contracted MRR, (MRR at the end of m-1 + MRR at the end of m) / 2,
    by no more than var mrr_invoice_reconciliation_tolerance. The average accounts for subscriptions
    that start, change or end mid-month; a larger gap means billing and the subscription log disagree.
    The first month of data has no opening snapshot and is left out, and so is a month whose opening
    contracted MRR is below var mrr_reconciliation_min_opening_share of its closing MRR (the book
    more than doubled inside the month, as while the demo history ramps up): the opening/closing
    average then says little about the days customers landed on.
-#}
with

mrr as (

    select * from {{ ref('fct_mrr') }}

),

recognised as (

    select * from {{ ref('int_recurring_revenue_months_recognised') }}

),

board as (

    select * from {{ ref('rpt_board_retention') }}

),

contracted as (

    select
        revenue_month,
        sum(contracted_mrr_usd) as contracted_mrr_usd
    from mrr
    group by revenue_month

),

averaged as (

    select
        contracted.revenue_month,
        (coalesce(previous.contracted_mrr_usd, 0) + contracted.contracted_mrr_usd) / 2 as average_contracted_usd,
        coalesce(previous.contracted_mrr_usd, 0)
        >= {{ var('mrr_reconciliation_min_opening_share') }} * contracted.contracted_mrr_usd as has_opening_book
    from contracted
    left join contracted as previous
        on previous.revenue_month = {{ dbt.dateadd('month', -1, 'contracted.revenue_month') }}

),

closed_months as (

    select revenue_month from board
    where is_total and is_month_closed

),

final as (

    select
        averaged.revenue_month,
        averaged.average_contracted_usd,
        recognised.recognised_recurring_usd,
        abs(averaged.average_contracted_usd - coalesce(recognised.recognised_recurring_usd, 0))
        / averaged.average_contracted_usd as relative_gap
    from averaged
    inner join closed_months
        on averaged.revenue_month = closed_months.revenue_month
    left join recognised
        on averaged.revenue_month = recognised.revenue_month
    where
        averaged.average_contracted_usd > 0
        and averaged.has_opening_book
        and averaged.revenue_month > (select min(first_month.revenue_month) from contracted as first_month)

)

select * from final
where relative_gap > {{ var('mrr_invoice_reconciliation_tolerance') }}
