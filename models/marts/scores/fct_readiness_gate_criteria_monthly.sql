{#-
    One row per scored account-month and activation-gate criterion: the input value the criterion
    compares (health score from the readiness mart, the others from the score inputs), whether the
    account met it (the readiness mart's gate_<criterion> flag, so the scoring rule is not repeated)
    and whether the grain expanded next month or within the calibration horizon (seed
    score_parameters calibration / horizon_months), from fct_mrr_movements (grain_id = account_id:
    the ultimate parent at the default retention grain). is_horizon_observed is true when the
    whole horizon lies in closed months before the as-of month. The whole gate is criterion 'gate'
    (value null, met = passes_gate).
-#}
{%- set criteria = [
    'days_since_onboarding', 'core_features_adopted', 'departments_active', 'health_score',
    'active_user_share', 'ticket_trend_direction', 'nps_score', 'has_exec_sponsor'
] -%}
with

readiness_monthly as (

    select * from {{ ref('fct_expansion_readiness_monthly') }}

),

score_inputs as (

    select * from {{ ref('int_account_score_inputs_monthly') }}

),

movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

score_parameters as (

    select * from {{ ref('score_parameters') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

settings as (

    select max(value) as horizon_months
    from score_parameters
    where score_model = 'calibration' and parameter = 'horizon_months'

),

expansion_months as (

    select distinct
        grain_id as account_id,
        revenue_month
    from movements
    where movement_type = 'expansion'

),

account_months_flagged as (

    select
        readiness_monthly.account_id,
        readiness_monthly.score_month,
        readiness_monthly.segment,
        readiness_monthly.passes_gate,
        readiness_monthly.health_score,
        {% for criterion in criteria %}
            readiness_monthly.gate_{{ criterion }},
        {% endfor %}
        cast({{ dbt.dateadd('month', 'settings.horizon_months', 'readiness_monthly.score_month') }} as date)
        < as_of.as_of_month as is_horizon_observed,
        max(
            case
                when expansion_months.revenue_month
                    = cast({{ dbt.dateadd('month', 1, 'readiness_monthly.score_month') }} as date)
                    then 1
                else 0
            end
        ) = 1 as expands_next_month,
        max(case when expansion_months.account_id is not null then 1 else 0 end) = 1 as expands_within_horizon
    from readiness_monthly
    cross join settings
    cross join as_of
    left join expansion_months
        on readiness_monthly.account_id = expansion_months.account_id
            and readiness_monthly.score_month < expansion_months.revenue_month
            and expansion_months.revenue_month
            <= cast({{ dbt.dateadd('month', 'settings.horizon_months', 'readiness_monthly.score_month') }} as date)
    group by
        readiness_monthly.account_id,
        readiness_monthly.score_month,
        readiness_monthly.segment,
        readiness_monthly.passes_gate,
        readiness_monthly.health_score,
        {% for criterion in criteria %}
            readiness_monthly.gate_{{ criterion }},
        {% endfor %}
        settings.horizon_months,
        as_of.as_of_month

),

account_months_valued as (

    select
        flagged.*,
        {% for criterion in criteria if criterion != 'health_score' %}
            cast(score_inputs.{{ criterion }} as {{ type_double() }}) as value_{{ criterion }},
        {% endfor %}
        cast(flagged.health_score as {{ type_double() }}) as value_health_score
    from account_months_flagged as flagged
    left join score_inputs
        on flagged.account_id = score_inputs.account_id
            and flagged.score_month = score_inputs.score_month

),

criteria_unpivoted as (

    {% for criterion in criteria %}
        select
            account_id,
            score_month,
            segment,
            '{{ criterion }}' as criterion,
            value_{{ criterion }} as criterion_value,
            gate_{{ criterion }} as is_met,
            expands_next_month,
            expands_within_horizon,
            is_horizon_observed
        from account_months_valued
        union all
    {% endfor %}
    select
        account_id,
        score_month,
        segment,
        'gate' as criterion,
        cast(null as {{ type_double() }}) as criterion_value,
        passes_gate as is_met,
        expands_next_month,
        expands_within_horizon,
        is_horizon_observed
    from account_months_flagged

),

final as (

    select
        account_id,
        score_month,
        segment,
        criterion,
        criterion_value,
        is_met,
        expands_next_month,
        expands_within_horizon,
        is_horizon_observed
    from criteria_unpivoted

)

select * from final
