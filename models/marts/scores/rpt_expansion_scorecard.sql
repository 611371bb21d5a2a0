{#-
    The CSM's expansion scorecard: one row per paying account at the as-of month, ranked by
    expansion readiness (readiness_rank 1 = most ready), with health, the activation gate and what
    failed it, the recommended action and motion, the estimated expansion ACV, every health and
    readiness component, whitespace and the best cross-sell line. `active_triggers` lists the triggers
    fired on the account in the trigger_active_days days up to the reporting date (fct_triggers;
    expansion first, then risk, then advocacy, alphabetical within a class; '' when none).
-#}
with

readiness as (

    select * from {{ ref('fct_expansion_readiness_latest') }}

),

health as (

    select * from {{ ref('fct_account_health_latest') }}

),

whitespace as (

    select * from {{ ref('fct_account_whitespace_monthly') }}

),

cross_sell as (

    select * from {{ ref('fct_account_cross_sell_propensity') }}

),

readiness_motions as (

    select * from {{ ref('readiness_motions') }}

),

score_inputs as (

    select * from {{ ref('int_account_score_inputs_monthly') }}

),

firings as (

    select * from {{ ref('fct_triggers') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

recent_triggers as (

    select distinct
        firings.account_id,
        firings.trigger_key,
        case firings.trigger_class when 'expansion' then 1 when 'risk' then 2 else 3 end as class_order
    from firings
    cross join as_of
    where
        firings.fired_date <= as_of.as_of_date
        and firings.fired_date > {{ dbt.dateadd('day', -1 * var('trigger_active_days'), 'as_of.as_of_date') }}

),

active_triggers as (

    select
        account_id,
        {{ dbt.listagg('trigger_key', "', '", "order by class_order, trigger_key") }} as active_triggers
    from recent_triggers
    group by account_id

),

top_cross_sell as (

    select
        account_id,
        product_line,
        cross_sell_propensity,
        row_number() over (
            partition by account_id order by cross_sell_propensity desc, product_line asc
        ) as propensity_rank
    from cross_sell

),

joined as (

    select
        readiness.account_id,
        readiness.score_month,
        readiness.segment,
        cast(score_inputs.arr_usd as {{ dbt.type_numeric() }}) as arr_usd,
        health.health_score,
        health.health_band,
        health.health_trend_3m,
        health.product_usage_score,
        health.engagement_score,
        health.support_score,
        health.business_outcomes_score,
        health.relationship_score,
        health.contract_financial_score,
        case when readiness.passes_gate then 'activated' else 'not_activated' end as activation_status,
        readiness.passes_gate,
        readiness.failed_gate_criteria,
        readiness.expansion_readiness,
        readiness.readiness_band,
        cast(coalesce(active_triggers.active_triggers, '') as {{ dbt.type_string() }}) as active_triggers,
        readiness.recommended_action,
        coalesce(readiness_motions.recommended_motion, readiness.recommended_action) as recommended_motion,
        readiness.hand_to_sales,
        cast(readiness.estimated_expansion_acv as {{ dbt.type_numeric() }}) as estimated_expansion_acv,
        readiness.usage_growth_score,
        readiness.stakeholder_breadth_score,
        readiness.feature_depth_score,
        readiness.health_trajectory_score,
        readiness.contract_headroom_score,
        whitespace.whitespace_score,
        top_cross_sell.product_line as top_cross_sell_product_line,
        top_cross_sell.cross_sell_propensity as top_cross_sell_propensity
    from readiness
    left join health
        on readiness.account_id = health.account_id
            and readiness.score_month = health.score_month
    left join whitespace
        on readiness.account_id = whitespace.account_id
            and readiness.score_month = whitespace.score_month
    left join score_inputs
        on readiness.account_id = score_inputs.account_id
            and readiness.score_month = score_inputs.score_month
    left join top_cross_sell
        on readiness.account_id = top_cross_sell.account_id
            and top_cross_sell.propensity_rank = 1
    left join readiness_motions
        on readiness.recommended_action = readiness_motions.recommended_action
            and readiness.hand_to_sales = readiness_motions.hand_to_sales
    left join active_triggers
        on readiness.account_id = active_triggers.account_id

),

final as (

    select
        cast(
            row_number() over (order by joined.expansion_readiness desc, joined.account_id asc) as {{ dbt.type_int() }}
        )
            as readiness_rank,
        joined.*
    from joined

)

select * from final
