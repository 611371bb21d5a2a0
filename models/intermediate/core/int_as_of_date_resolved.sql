{#-
    The warehouse's reporting date: the `as_of_date` var when set, otherwise the last day with an FX
    rate (the contract loads a rate for every calendar day, so this is the last day the data covers).
    Latest scores, open pipelines and "days since" figures are measured at this date, never at the
    wall clock, so rebuilding the same raw data gives the same marts.
-#}
with

fx_rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

resolved as (

    select
        {% if var('as_of_date', none) %}
            cast('{{ var("as_of_date") }}' as date)
        {% else %}
            max(rate_date)
        {% endif %} as as_of_date
    from fx_rates

),

final as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as as_of_month
    from resolved

)

select * from final
