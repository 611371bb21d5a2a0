{#-
    The daily FX rate of each currency (USD per unit; USD itself at 1.0), as finance publishes it:
    the one route by which marts and intermediate models convert a dated amount at that day's rate
    (opportunities at their close date, contracts at the reporting date). Monthly constant and
    actual rates are int_fx_rate_months_resolved.
-#}
with

fx_rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

final as (

    select
        rate_date,
        currency,
        usd_per_unit
    from fx_rates

)

select * from final
