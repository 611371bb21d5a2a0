{#-
    Each currency's rate (USD per unit) as a span of days: a rate holds from its rate_date until the
    currency's next rate (exclusive; open-ended for the latest), so a sparse feed (monthly, weekly,
    one row) converts every date at the latest rate on or before it. The reporting currency is 1.0
    for all time and needs no FX row. The one route by which a dated amount is converted at that
    day's rate (opportunities at close, contracts at the reporting date); monthly constant and actual
    rates are int_fx_rate_months_resolved. Join on `fx_rate_span_covers(...)`.
-#}
with

fx_rates as (

    select * from {{ ref('int_finance__fx_rates_cleaned') }}
    where currency != '{{ var("reporting_currency") }}'

),

foreign_spans as (

    select
        currency,
        usd_per_unit,
        rate_date as valid_from_date,
        lead(rate_date) over (partition by currency order by rate_date) as valid_to_date
    from fx_rates

),

reporting_span as (

    select
        '{{ var("reporting_currency") }}' as currency,
        cast(1.0 as {{ type_double() }}) as usd_per_unit,
        cast('1900-01-01' as date) as valid_from_date,
        cast(null as date) as valid_to_date

),

final as (

    select * from foreign_spans
    union all
    select * from reporting_span

)

select * from final
