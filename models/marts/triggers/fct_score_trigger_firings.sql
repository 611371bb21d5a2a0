{{ config(enabled=python_models_enabled()) }}
{#-
    The score-based triggers, computed after the score marts (so nothing upstream reads a mart) and
    walked with the same cooldown macro as int_trigger_firings_detected. One row per candidate
    (is_fired = false: suppressed by the cooldown). Monthly scores are observed at the close of their
    month (the first instant of the next month); a gap month means the condition did not hold.
      readiness_70             expansion readiness >= threshold
      green_health_whitespace  health >= threshold for persistence_periods consecutive scored months
                               and whitespace > secondary_threshold_value that month
      renewal_60d_healthy      a multi-month term reaches threshold_value days before renewal while the
                               last closed month's health is >= secondary_threshold_value (each
                               renewal is a fresh transition)
      pqa_sales_ready          the daily PQA score >= threshold, observed at the end of the score day
                               (only the days at or above it are read: a day below is never a transition)
    Disabled with the Python models (var python_models_enabled).
-#}
with recursive

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

    select * from {{ ref('int_account_pqa_scores_daily') }}

),

renewal_checkpoints as (

    select * from {{ ref('int_renewal_checkpoints_listed') }}

),

customer_spans as (

    select * from {{ ref('int_account_customer_spans_derived') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

readiness_observed as (

    select
        readiness.account_id,
        'readiness_70' as trigger_key,
        {{ dbt.dateadd('month', 1, 'readiness.score_month') }} as observed_at,
        coalesce(readiness.expansion_readiness >= catalogue.threshold_value, false) as is_condition_met,
        {{ previous_state(
            'readiness.expansion_readiness >= catalogue.threshold_value',
            'readiness.account_id', 'cast(readiness.score_month as date)', 'month'
        ) }} as was_condition_met,
        cast(readiness.expansion_readiness as {{ type_double() }}) as signal_value,
        catalogue.threshold_value,
        'expansion readiness score' as signal_detail
    from readiness
    inner join catalogue
        on catalogue.trigger_key = 'readiness_70'

),

health_runs as (

    select
        health.account_id,
        cast(health.score_month as date) as score_month,
        catalogue.threshold_value,
        catalogue.secondary_threshold_value,
        catalogue.persistence_periods,
        coalesce(health.health_score >= catalogue.threshold_value, false) as is_green,
        {{ dbt.datediff("cast('2000-01-01' as date)", 'cast(health.score_month as date)', 'month') }}
        - row_number() over (
            partition by health.account_id, coalesce(health.health_score >= catalogue.threshold_value, false)
            order by health.score_month
        ) as run_id
    from health
    inner join catalogue
        on catalogue.trigger_key = 'green_health_whitespace'

),

green_states as (

    select
        health_runs.account_id,
        health_runs.score_month,
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
        {{ previous_state('is_met', 'account_id', 'score_month', 'month') }} as was_condition_met,
        whitespace_score as signal_value,
        threshold_value,
        'whitespace score after a green health run' as signal_detail
    from green_states

),

renewal_observed as (

    select
        renewal_checkpoints.account_id,
        'renewal_60d_healthy' as trigger_key,
        renewal_checkpoints.checkpoint_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(health.health_score as {{ type_double() }}) as signal_value,
        renewal_checkpoints.secondary_threshold_value as threshold_value,
        'health score entering the renewal window of ' || renewal_checkpoints.subscription_id as signal_detail
    from renewal_checkpoints
    inner join health
        on renewal_checkpoints.account_id = health.account_id
            and cast(health.score_month as date) = cast(
                {{ dbt.date_trunc('month', dbt.dateadd('month', -1, 'renewal_checkpoints.checkpoint_at')) }} as date
            )
    where
        renewal_checkpoints.trigger_key = 'renewal_60d_healthy'
        and renewal_checkpoints.is_observable
        and health.health_score >= renewal_checkpoints.secondary_threshold_value

),

pqa_days_met as (

    {#- only the days at or above the threshold can be transitions: the previous state is read among
        them (met the day before = the previous met day is exactly one day earlier), so the window
        runs over those days instead of every scored day. The threshold is a scalar subquery: as a
        join condition it became an inequality join that sorted every scored day. #}
    select
        pqa_scores.account_id,
        cast(pqa_scores.score_date as date) as score_date,
        cast(pqa_scores.pqa_score as {{ type_double() }}) as signal_value,
        catalogue.threshold_value
    from pqa_scores
    inner join catalogue
        on catalogue.trigger_key = 'pqa_sales_ready'
    where
        pqa_scores.pqa_score >= (
            select pqa_trigger.threshold_value
            from catalogue as pqa_trigger
            where pqa_trigger.trigger_key = 'pqa_sales_ready'
        )

),

pqa_observed as (

    select
        account_id,
        'pqa_sales_ready' as trigger_key,
        {{ dbt.dateadd('day', 1, 'score_date') }} as observed_at,
        true as is_condition_met,
        {{ previous_state('true', 'account_id', 'score_date', 'day') }} as was_condition_met,
        signal_value,
        threshold_value,
        'PQA score' as signal_detail
    from pqa_days_met

),

observations as (

    {{ select_observations(['readiness_observed', 'green_observed', 'renewal_observed', 'pqa_observed']) }}

),

{{ trigger_firings_detected() }}

select * from final
