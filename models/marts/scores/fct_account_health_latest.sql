{#-
    Health of every paying account at the latest score month (int_as_of_date_resolved): its
    fct_account_health_monthly row.
-#}
with

health_monthly as (

    select * from {{ ref('fct_account_health_monthly') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

final as (

    select {{ declared_columns("health_monthly") }}
    from health_monthly
    inner join as_of
        on health_monthly.score_month = as_of.latest_score_month

)

select * from final
