{{ config(enabled=python_models_enabled()) }}
{#-
    Side-by-side comparison of the two expansion scores at the as-of month: how many accounts each
    readiness band and points-model band hold together, with their average scores. Run with
    `dbt compile --select readiness_vs_points_model` and query the compiled SQL.
-#}
with

readiness as (

    select * from {{ ref('fct_expansion_readiness_latest') }}

),

points_monthly as (

    select * from {{ ref('fct_account_points_monthly') }}

),

paired as (

    select
        readiness.account_id,
        readiness.readiness_band,
        readiness.readiness_band_rank,
        readiness.expansion_readiness,
        points_monthly.points_band,
        points_monthly.points_band_rank,
        points_monthly.points_score
    from readiness
    inner join points_monthly
        on
            readiness.account_id = points_monthly.account_id
            and readiness.score_month = points_monthly.score_month

),

final as (

    select
        readiness_band,
        readiness_band_rank,
        points_band,
        points_band_rank,
        count(*) as account_count,
        avg(expansion_readiness) as avg_expansion_readiness,
        avg(points_score) as avg_points_score
    from paired
    group by readiness_band, readiness_band_rank, points_band, points_band_rank

)

select * from final
