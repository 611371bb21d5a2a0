{#-
    Readiness, gate and action of every paying account at the latest score month
    (int_as_of_date_resolved; latest monthly row).
-#}
with

readiness_monthly as (

    select * from {{ ref('fct_expansion_readiness_monthly') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

final as (

    select {{ declared_columns("readiness_monthly") }}
    from readiness_monthly
    inner join as_of
        on readiness_monthly.score_month = as_of.latest_score_month

)

select * from final
