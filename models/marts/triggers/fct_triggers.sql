{#-
    One row per trigger firing (expansion, risk and advocacy): the transition into the condition,
    outside the cooldown of the previous firing, while the account is a customer. Candidates the
    cooldown suppressed stay in int_trigger_firings_detected and fct_score_trigger_firings.
    The score-based triggers join in only while var python_models_enabled is true.
-#}
with

firings_without_scores as (

    select * from {{ ref('int_trigger_firings_detected') }}

),

score_firings as (

    {% if python_models_enabled() %}
        select * from {{ ref('fct_score_trigger_firings') }}
    {% else %}
        {#- without the Python models there are no score-based firings #}
        select * from firings_without_scores where 1 = 0
    {% endif %}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

firings as (

    select * from firings_without_scores
    union all
    select * from score_firings

),

final as (

    select
        firings.trigger_firing_id,
        firings.account_id,
        accounts.segment,
        firings.trigger_key,
        firings.trigger_class,
        firings.fired_at,
        firings.fired_date,
        cast({{ dbt.date_trunc('quarter', 'firings.fired_at') }} as date) as fired_quarter,
        firings.signal_value,
        firings.threshold_value,
        firings.signal_detail,
        firings.owner_role,
        firings.owner_id,
        firings.response,
        firings.response_sla_hours,
        firings.due_at,
        firings.cooldown_days
    from firings
    left join accounts
        on firings.account_id = accounts.account_id
    where firings.is_fired

)

select * from final
