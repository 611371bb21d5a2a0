{#-
    PQA score per account and day (int_account_pqa_scores_daily) with its band (score_bands).
    A view on DuckDB (nothing to rewrite on an incremental build; the mart holds no build instant, so
    a rebuild is identical); a table on Spark, whose comparison reads Parquet.
-#}
{{ config(materialized=mart_view_materialization()) }}

with

scores as (

    select * from {{ ref('int_account_pqa_scores_daily') }}

),

bands as (

    select * from {{ ref('score_bands') }}

),

pqa_bands as (

    select
        band,
        band_rank,
        lower_bound,
        lead(lower_bound) over (order by lower_bound) as next_lower_bound
    from bands
    where score_model = 'pqa'

),

final as (

    select
        scores.account_id,
        scores.score_date,
        scores.engagement_points,
        scores.one_time_points,
        scores.usage_limit_points,
        scores.feature_gate_points,
        scores.pqa_points_uncapped,
        scores.pqa_score,
        cast(pqa_bands.band as {{ dbt.type_string() }}) as pqa_band,
        cast(pqa_bands.band_rank as {{ dbt.type_bigint() }}) as pqa_band_rank
    from scores
    left join pqa_bands
        on scores.pqa_score >= pqa_bands.lower_bound
            and (pqa_bands.next_lower_bound is null or scores.pqa_score < pqa_bands.next_lower_bound)

)

select * from final
