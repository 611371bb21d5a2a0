{#-
    Does a higher band mean more expansion? For every scored account-month whose following
    `horizon_months` months are all observed, the account counts as expanded when its MRR at any of
    those month-ends exceeds the scored month's MRR by more than `min_mrr_increase_share`. One row per
    score model (readiness: the five-component score's own band, before the gate; points: the
    step-table model) and band: account-months, expanded, expansion rate and lift over the model's
    overall rate. Lift should rise with band_rank.
-#}
with

mrr_months as (

    select * from {{ ref('int_account_mrr_months_aggregated') }}

),

readiness_monthly as (

    select * from {{ ref('fct_expansion_readiness_monthly') }}

),

points_monthly as (

    select * from {{ ref('fct_account_points_monthly') }}

),

score_parameters as (

    select * from {{ ref('score_parameters') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

settings as (

    select
        max(case when parameter = 'horizon_months' then value end) as horizon_months,
        max(case when parameter = 'min_mrr_increase_share' then value end) as min_increase
    from score_parameters
    where score_model = 'calibration'

),

banded as (

    select
        'readiness' as score_model,
        account_id,
        score_month,
        readiness_band as band,
        readiness_band_rank as band_rank
    from readiness_monthly

    union all

    select
        'points' as score_model,
        account_id,
        score_month,
        points_band as band,
        points_band_rank as band_rank
    from points_monthly

),

observable as (

    select banded.*
    from banded
    cross join settings
    cross join as_of
    where banded.score_month
        <= cast({{ dbt.dateadd('month', '-1 * settings.horizon_months', 'as_of.as_of_month') }} as date)

),

outcomes as (

    select
        observable.score_model,
        observable.account_id,
        observable.score_month,
        observable.band,
        observable.band_rank,
        max(
            case when later.mrr_usd > scored.mrr_usd * (1 + settings.min_increase) then 1 else 0 end
        ) as expanded
    from observable
    cross join settings
    inner join mrr_months as scored
        on observable.account_id = scored.account_id
            and observable.score_month = scored.revenue_month
    inner join mrr_months as later
        on observable.account_id = later.account_id
            and observable.score_month < later.revenue_month
            and later.revenue_month
            <= cast({{ dbt.dateadd('month', 'settings.horizon_months', 'observable.score_month') }} as date)
    group by
        observable.score_model,
        observable.account_id,
        observable.score_month,
        observable.band,
        observable.band_rank

),

by_band as (

    select
        score_model,
        band,
        band_rank,
        count(*) as account_months,
        sum(expanded) as expanded_account_months
    from outcomes
    group by score_model, band, band_rank

),

overall as (

    select
        score_model,
        1e0 * sum(expanded) / count(*) as overall_expansion_rate
    from outcomes
    group by score_model

),

final as (

    select
        by_band.score_model,
        by_band.band,
        cast(by_band.band_rank as {{ dbt.type_int() }}) as band_rank,
        cast(by_band.account_months as {{ dbt.type_int() }}) as account_months,
        cast(by_band.expanded_account_months as {{ dbt.type_int() }}) as expanded_account_months,
        cast(1e0 * by_band.expanded_account_months / by_band.account_months as {{ type_double() }})
            as expansion_rate,
        cast(overall.overall_expansion_rate as {{ type_double() }}) as overall_expansion_rate,
        cast(
            1e0 * by_band.expanded_account_months / by_band.account_months
            / nullif(overall.overall_expansion_rate, 0) as {{ type_double() }}
        ) as lift
    from by_band
    inner join overall
        on by_band.score_model = overall.score_model

)

select * from final
