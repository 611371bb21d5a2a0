{#-
    Per currency and month, the two rates revenue is converted at:
    - constant: the currency's rate on var constant_fx_date (default: the earliest rate date in the
      data), or its first rate after that date; one rate for all history, so FX never moves retention;
    - actual: the latest rate on or before the month's snapshot day (its last day).
-#}
with

fx_rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

constant_date as (

    select
        {% if var('constant_fx_date') %}
            cast('{{ var("constant_fx_date") }}' as date)
        {% else %}
            min(rate_date)
        {% endif %} as constant_fx_date
    from fx_rates

),

constant_candidates as (

    select
        fx_rates.currency,
        fx_rates.usd_per_unit,
        row_number() over (partition by fx_rates.currency order by fx_rates.rate_date) as rate_rank
    from fx_rates
    cross join constant_date
    where fx_rates.rate_date >= constant_date.constant_fx_date

),

constant_rates as (

    select
        currency,
        usd_per_unit as constant_usd_per_unit
    from constant_candidates
    where rate_rank = 1

),

month_end_candidates as (

    select
        months.revenue_month,
        fx_rates.currency,
        fx_rates.usd_per_unit,
        row_number() over (
            partition by months.revenue_month, fx_rates.currency
            order by fx_rates.rate_date desc
        ) as rate_rank
    from months
    inner join fx_rates
        on months.snapshot_date >= fx_rates.rate_date

),

final as (

    select
        month_end_candidates.revenue_month,
        month_end_candidates.currency,
        constant_rates.constant_usd_per_unit,
        month_end_candidates.usd_per_unit as month_end_usd_per_unit
    from month_end_candidates
    inner join constant_rates
        on month_end_candidates.currency = constant_rates.currency
    where month_end_candidates.rate_rank = 1

)

select * from final
