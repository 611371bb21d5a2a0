{#- PQA score of every account with product usage, at the as-of date (latest daily row). -#}
with

pqa_daily as (

    select * from {{ ref('fct_pqa_scores_daily') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

final as (

    select pqa_daily.*
    from pqa_daily
    inner join as_of
        on pqa_daily.score_date = as_of.as_of_date

)

select * from final
