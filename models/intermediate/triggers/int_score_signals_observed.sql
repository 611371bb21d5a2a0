{#-
    Trigger conditions on the scores marts. Monthly scores are observed at the close of their month
    (the first instant of the next month); the previous state is the previous month's, false when that
    month has no score.
      readiness_70             expansion readiness >= threshold
      green_health_whitespace  health >= threshold for persistence_periods consecutive scored months
                               and whitespace > secondary_threshold_value that month
      renewal_60d_healthy      a multi-month term reaches threshold_value days before renewal while
                               the last closed month's health is >= secondary_threshold_value
                               (observed at that moment; each renewal is a fresh transition)
      pqa_sales_ready          the daily PQA score >= threshold, observed at the end of the score day
-#}
with

readiness as (

    select * from {{ ref('fct_expansion_readiness_monthly') }}

),

health as (

    select * from {{ ref('fct_account_health_monthly') }}

),

whitespace as (

    select * from {{ ref('fct_account_whitespace_monthly') }}

),

pqa_scores as (

    select * from {{ ref('fct_pqa_scores_daily') }}

),

renewals as (

    select * from {{ ref('int_subscription_renewals_listed') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

readiness_states as (

    select
        readiness.account_id,
        cast(readiness.score_month as date) as score_month,
        cast(readiness.expansion_readiness as {{ type_double() }}) as expansion_readiness,
        catalogue.threshold_value,
        readiness.expansion_readiness >= catalogue.threshold_value as is_ready,
        lag(cast(readiness.score_month as date))
            over (partition by readiness.account_id order by readiness.score_month) as previous_score_month,
        lag(readiness.expansion_readiness >= catalogue.threshold_value)
            over (partition by readiness.account_id order by readiness.score_month) as was_ready
    from readiness
    inner join catalogue
        on catalogue.trigger_key = 'readiness_70'

),

readiness_observed as (

    select
        account_id,
        'readiness_70' as trigger_key,
        {{ dbt.dateadd('month', 1, 'score_month') }} as observed_at,
        coalesce(is_ready, false) as is_condition_met,
        coalesce(
            was_ready and previous_score_month = cast({{ dbt.dateadd('month', -1, 'score_month') }} as date), false
        ) as was_condition_met,
        expansion_readiness as signal_value,
        threshold_value,
        'expansion readiness score' as signal_detail
    from readiness_states

),

health_flagged as (

    select
        health.account_id,
        cast(health.score_month as date) as score_month,
        cast(health.health_score as {{ type_double() }}) as health_score,
        catalogue.threshold_value,
        catalogue.secondary_threshold_value,
        catalogue.persistence_periods,
        coalesce(health.health_score >= catalogue.threshold_value, false) as is_green,
        {{ dbt.datediff("cast('2000-01-01' as date)", 'cast(health.score_month as date)', 'month') }}
            as month_index
    from health
    inner join catalogue
        on catalogue.trigger_key = 'green_health_whitespace'

),

health_runs as (

    select
        *,
        month_index - row_number() over (partition by account_id, is_green order by score_month) as run_id
    from health_flagged

),

green_states as (

    select
        health_runs.account_id,
        health_runs.score_month,
        health_runs.health_score,
        health_runs.threshold_value,
        cast(whitespace.whitespace_score as {{ type_double() }}) as whitespace_score,
        health_runs.is_green
        and row_number() over (
            partition by health_runs.account_id, health_runs.is_green, health_runs.run_id
            order by health_runs.score_month
        ) >= health_runs.persistence_periods
        and coalesce(whitespace.whitespace_score > health_runs.secondary_threshold_value, false) as is_met
    from health_runs
    left join whitespace
        on health_runs.account_id = whitespace.account_id
            and health_runs.score_month = cast(whitespace.score_month as date)

),

green_observed as (

    select
        account_id,
        'green_health_whitespace' as trigger_key,
        {{ dbt.dateadd('month', 1, 'score_month') }} as observed_at,
        is_met as is_condition_met,
        coalesce(
            lag(is_met) over (partition by account_id order by score_month)
            and lag(score_month) over (partition by account_id order by score_month)
            = cast({{ dbt.dateadd('month', -1, 'score_month') }} as date),
            false
        ) as was_condition_met,
        whitespace_score as signal_value,
        threshold_value,
        'whitespace score after a green health run' as signal_detail
    from green_states

),

renewal_checkpoints as (

    select
        renewals.account_id,
        renewals.subscription_id,
        renewals.canceled_at,
        catalogue.threshold_value,
        catalogue.secondary_threshold_value,
        {{ dbt.dateadd('day', '-1 * cast(catalogue.threshold_value as integer)', 'renewals.renewal_at') }}
            as checkpoint_at
    from renewals
    inner join catalogue
        on catalogue.trigger_key = 'renewal_60d_healthy'
    where renewals.term_months > 1

),

renewal_health as (

    select
        renewal_checkpoints.account_id,
        renewal_checkpoints.subscription_id,
        renewal_checkpoints.checkpoint_at,
        renewal_checkpoints.secondary_threshold_value,
        cast(health.health_score as {{ type_double() }}) as health_score
    from renewal_checkpoints
    cross join as_of
    inner join health
        on renewal_checkpoints.account_id = health.account_id
            and cast(health.score_month as date) = cast(
                {{ dbt.date_trunc('month', dbt.dateadd('month', -1, 'renewal_checkpoints.checkpoint_at')) }} as date
            )
    where
        renewal_checkpoints.checkpoint_at < {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }}
        and (
            renewal_checkpoints.canceled_at is null
            or renewal_checkpoints.canceled_at > renewal_checkpoints.checkpoint_at
        )

),

renewal_observed as (

    select
        account_id,
        'renewal_60d_healthy' as trigger_key,
        checkpoint_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        health_score as signal_value,
        secondary_threshold_value as threshold_value,
        'health score entering the renewal window of ' || subscription_id as signal_detail
    from renewal_health
    where health_score >= secondary_threshold_value

),

pqa_states as (

    select
        pqa_scores.account_id,
        cast(pqa_scores.score_date as date) as score_date,
        cast(pqa_scores.pqa_score as {{ type_double() }}) as pqa_score,
        catalogue.threshold_value,
        pqa_scores.pqa_score >= catalogue.threshold_value as is_sales_ready,
        lag(cast(pqa_scores.score_date as date))
            over (partition by pqa_scores.account_id order by pqa_scores.score_date) as previous_score_date,
        lag(pqa_scores.pqa_score >= catalogue.threshold_value)
            over (partition by pqa_scores.account_id order by pqa_scores.score_date) as was_sales_ready
    from pqa_scores
    inner join catalogue
        on catalogue.trigger_key = 'pqa_sales_ready'

),

pqa_observed as (

    select
        account_id,
        'pqa_sales_ready' as trigger_key,
        {{ dbt.dateadd('day', 1, 'score_date') }} as observed_at,
        coalesce(is_sales_ready, false) as is_condition_met,
        coalesce(
            was_sales_ready and previous_score_date = cast({{ dbt.dateadd('day', -1, 'score_date') }} as date), false
        ) as was_condition_met,
        pqa_score as signal_value,
        threshold_value,
        'PQA score' as signal_detail
    from pqa_states

),

unioned as (

    select * from readiness_observed
    union all
    select * from green_observed
    union all
    select * from renewal_observed
    union all
    select * from pqa_observed

),

final as (

    select
        account_id,
        trigger_key,
        cast(observed_at as {{ dbt.type_timestamp() }}) as observed_at,
        is_condition_met,
        was_condition_met,
        cast(signal_value as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        signal_detail
    from unioned

)

select * from final
