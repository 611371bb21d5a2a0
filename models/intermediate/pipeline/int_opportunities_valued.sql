{#-
    Every opportunity with its ARR converted to USD at the rate of its close date (null while open
    or when that day has no rate): the one place an opportunity amount is converted, read by the
    CSQL pipeline and the expansion KPIs.
-#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_days_listed') }}

),

final as (

    select
        opportunities.*,
        opportunities.amount_arr * fx_rates.usd_per_unit as amount_arr_usd
    from opportunities
    left join fx_rates
        on opportunities.currency = fx_rates.currency
            and cast(opportunities.closed_at as date) = fx_rates.rate_date

)

select * from final
