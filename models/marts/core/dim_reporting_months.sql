{#-
    One row per revenue month of the warehouse (int_months_spined: the first subscription month
    through the month of the as-of date) with whether it is closed. The semantic layer joins every
    monthly fact to it through entity `reporting_month` (fct_mrr and fct_mrr_movements by their
    month, fct_retention_ttm_grains by month t), so `reporting_month__is_month_closed` means the same
    month for ARR, movements and TTM retention.
-#}
with

months as (

    select * from {{ ref('int_months_spined') }}

),

closed as (

    select max(revenue_month) as latest_closed_month
    from months
    where is_month_closed

),

final as (

    select
        months.revenue_month,
        months.month_end_date,
        months.snapshot_date,
        months.is_month_closed,
        coalesce(months.revenue_month = closed.latest_closed_month, false) as is_latest_closed_month
    from months
    cross join closed

)

select * from final
