{#-
    Every opportunity with its ARR converted to USD at the rate of its close date (the latest rate on
    or before it; null while open or before the currency's first rate): the one place an opportunity amount is converted, read by the
    CSQL pipeline and the expansion KPIs.
-#}
with

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rate_spans_derived') }}

),

final as (

    select
        opportunities.*,
        {{ to_usd('opportunities.amount_arr', 'fx_rates.usd_per_unit') }} as amount_arr_usd
    from opportunities
    left join fx_rates
        on {{ fx_rate_span_covers('fx_rates', 'opportunities.currency', 'cast(opportunities.closed_at as date)') }}

)

select * from final
