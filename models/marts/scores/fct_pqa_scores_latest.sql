{#-
    PQA score of every account with product usage, at the as-of date (latest daily row). The as-of
    date is also read as a literal, so the daily scores are computed for that one day only.
-#}
{%- set as_of_date = as_of_date_literal() %}
with

pqa_daily as (

    select * from {{ ref('fct_pqa_scores_daily') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

final as (

    select
        pqa_daily.account_id,
        pqa_daily.score_date,
        pqa_daily.engagement_points,
        pqa_daily.one_time_points,
        pqa_daily.usage_limit_points,
        pqa_daily.feature_gate_points,
        pqa_daily.pqa_points_uncapped,
        pqa_daily.pqa_score,
        pqa_daily.pqa_band,
        pqa_daily.pqa_band_rank
    from pqa_daily
    inner join as_of
        on pqa_daily.score_date = as_of.as_of_date
    {%- if as_of_date is not none %}
    where pqa_daily.score_date = {{ as_of_date }}
    {%- endif %}

)

select * from final
