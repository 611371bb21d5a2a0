{#- The best steps of each points-model component must add up to its weight (maximum points). -#}
with

steps as (

    select * from {{ ref('points_model_steps') }}

),

weights as (

    select * from {{ ref('score_weights') }}

),

best_by_factor as (

    select
        component,
        factor,
        max(points) as best_points
    from steps
    group by component, factor

),

reachable as (

    select
        component,
        sum(best_points) as reachable_points
    from best_by_factor
    group by component

),

final as (

    select
        weights.component,
        weights.weight,
        reachable.reachable_points
    from weights
    left join reachable
        on weights.component = reachable.component
    where weights.score_model = 'points'
        and (reachable.reachable_points is null or reachable.reachable_points <> weights.weight)

)

select * from final
