{#-
    Contracted recurring MRR (month-end snapshot) and invoiced recurring revenue recognised in the
    month differ by no more than var mrr_invoice_reconciliation_tolerance, month by month, over the
    closed months after the first (the first month is partial by construction). Mid-month changes
    and prorations make them differ a little; a large gap means billing and the subscription log
    disagree.
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

closed_months as (

    select revenue_month from board
    where is_total and is_month_closed

),

final as (

    select
        contracted.revenue_month,
        contracted.contracted_mrr_usd,
        recognised.recognised_recurring_usd,
        abs(contracted.contracted_mrr_usd - coalesce(recognised.recognised_recurring_usd, 0))
        / contracted.contracted_mrr_usd as relative_gap
    from contracted
    inner join closed_months
        on contracted.revenue_month = closed_months.revenue_month
    left join recognised
        on contracted.revenue_month = recognised.revenue_month
    where
        contracted.contracted_mrr_usd > 0
        and contracted.revenue_month > (select min(revenue_month) from contracted)

)

select * from final
where relative_gap > {{ var('mrr_invoice_reconciliation_tolerance') }}
