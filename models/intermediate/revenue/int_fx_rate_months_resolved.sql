{#-
    Per currency and month, the two rates revenue is converted at:
    - constant: one rate per currency for all history, so FX never moves retention: the currency's
      latest rate on or before var constant_fx_date (default: the earliest rate date in the feed),
      else its first rate after that date;
    - actual: the latest rate on or before the month's snapshot day (rates may be daily, weekly,
      monthly or a single row); null while the currency has no rate yet (rows needing one are held
      back as `missing_fx_rate` by the data-quality checks).
    The reporting currency (var reporting_currency) is 1.0 in every month and needs no FX row.
-#}
with

fx_rates as (

    select * from {{ ref('int_finance__fx_rates_cleaned') }}
    where currency != '{{ var("reporting_currency") }}'

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

    {#- on or before the reference date first (latest first), then after it (earliest first) #}
    select
        fx_rates.currency,
        fx_rates.usd_per_unit,
        row_number() over (
            partition by fx_rates.currency
            order by
                case when fx_rates.rate_date <= constant_date.constant_fx_date then 0 else 1 end,
                case when fx_rates.rate_date <= constant_date.constant_fx_date then fx_rates.rate_date end desc,
                fx_rates.rate_date
        ) as rate_rank
    from fx_rates
    cross join constant_date

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

foreign_currency_months as (

    select
        months.revenue_month,
        constant_rates.currency,
        constant_rates.constant_usd_per_unit,
        month_end_candidates.usd_per_unit as month_end_usd_per_unit
    from months
    cross join constant_rates
    left join month_end_candidates
        on
            months.revenue_month = month_end_candidates.revenue_month
            and constant_rates.currency = month_end_candidates.currency
            and month_end_candidates.rate_rank = 1

),

reporting_currency_months as (

    select
        revenue_month,
        '{{ var("reporting_currency") }}' as currency,
        cast(1.0 as {{ type_double() }}) as constant_usd_per_unit,
        cast(1.0 as {{ type_double() }}) as month_end_usd_per_unit
    from months

),

final as (

    select * from foreign_currency_months
    union all
    select * from reporting_currency_months

)

select * from final
