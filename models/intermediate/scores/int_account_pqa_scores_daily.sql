{#-
    PQA score per account and day: the points of each credit rule (seed pqa_points) from the running
    state int_account_pqa_points_accumulated keeps incrementally, clipped to the score range
    (score_parameters).
      daily         the engagement balance, never below 0: running sum - least(0, its running minimum)
      once          a positive day within the one-off window (one_off_window_days, the day included)
      each          the credits of the window, carried by the state
      month / week  a positive day in the current calendar month / ISO week (Mon-Sun) so far
    Row-wise arithmetic only, so a view. fct_pqa_scores_daily adds the band; the PQA trigger reads
    this view, so it does not band every day of history to keep the few at or above its threshold.
    Reference: erw.scoring.pqa_score, checked by python_tests/test_pqa_sql.py.
-#}
{{ config(materialized='view') }}
{%- set signals = pqa_signal_columns() -%}
with

state as (

    select * from {{ ref('int_account_pqa_points_accumulated') }}

),

points as (

    select * from {{ ref('pqa_points') }}

),

parameters as (

    select * from {{ ref('score_parameters') }}

),

weights as (

    {{ pqa_weights('points', ['once', 'month', 'week']) | indent(4) }}

),

score_range as (

    select
        max(case when parameter = 'min_score' then value end) as min_score,
        max(case when parameter = 'max_score' then value end) as max_score,
        cast(max(case when parameter = 'one_off_window_days' then value end) as {{ dbt.type_int() }})
            as one_off_window_days
    from parameters
    where score_model = 'pqa'

),

credited as (

    select
        state.account_id,
        state.score_date,
        state.engagement_running - least(0, state.engagement_running_min) as engagement_points,
        0
        {%- for signal in signals %}
            + weights.w_{{ signal }}_once * case
                when state.{{ signal }}_last_positive
                    > cast({{ dbt.dateadd('day', '-score_range.one_off_window_days', 'state.score_date') }} as date)
                    then 1
                else 0
            end
        {%- endfor %}
        + state.each_points_in_window as one_time_points,
        0
        {%- for signal in signals %}
            + case
                when state.{{ signal }}_last_positive >= {{ dbt.date_trunc('month', 'state.score_date') }}
                    then weights.w_{{ signal }}_month
                else 0
            end
        {%- endfor %} as usage_limit_points,
        0
        {%- for signal in signals %}
            + case
                when state.{{ signal }}_last_positive >= {{ dbt.date_trunc('week', 'state.score_date') }}
                    then weights.w_{{ signal }}_week
                else 0
            end
        {%- endfor %} as feature_gate_points
    from state
    cross join weights
    cross join score_range

),

scored as (

    select
        credited.*,
        credited.engagement_points + credited.one_time_points + credited.usage_limit_points
        + credited.feature_gate_points as pqa_points_uncapped
    from credited

),

clipped as (

    select
        scored.*,
        case
            when scored.pqa_points_uncapped < score_range.min_score then score_range.min_score
            when scored.pqa_points_uncapped > score_range.max_score then score_range.max_score
            else scored.pqa_points_uncapped
        end as pqa_score
    from scored
    cross join score_range

),

final as (

    select
        cast(clipped.account_id as {{ dbt.type_string() }}) as account_id,
        cast(clipped.score_date as date) as score_date,
        cast(clipped.engagement_points as {{ type_double() }}) as engagement_points,
        cast(clipped.one_time_points as {{ type_double() }}) as one_time_points,
        cast(clipped.usage_limit_points as {{ type_double() }}) as usage_limit_points,
        cast(clipped.feature_gate_points as {{ type_double() }}) as feature_gate_points,
        cast(clipped.pqa_points_uncapped as {{ type_double() }}) as pqa_points_uncapped,
        cast(clipped.pqa_score as {{ type_double() }}) as pqa_score
    from clipped

)

select * from final
