{#-
    Product-qualified account score per account and day, from int_account_pqa_signals_daily (built from
    the daily usage rollup, never from events), in SQL window functions so it runs in the engine's
    bounded memory at any size. The credit rules and points are the seed pqa_points (data, not code):

      once   points once the signal has been positive on any day so far
      each   points per unit of the signal so far (running sum)
      month  points when the signal was positive on a day of the current calendar month so far
      week   points when it was positive on a day of the current ISO week (Monday to Sunday) so far
      daily  points per unit on the day, into an engagement balance that never drops below zero:
             B_t = S_t - min(0, min over k <= t of S_k), S the running sum of the daily points

    Every signal column (macro pqa_signal_columns) gets its running sum and the last day it was
    positive in one window pass per account; the seed's points per (column, rule) weight them. The
    total is clipped to the pqa min/max score (score_parameters) and banded (score_bands).
    erw.scoring.pqa_score is the independent reference: python_tests/test_pqa_sql.py checks that both
    agree on hand-built days.
-#}
{%- set signals = pqa_signal_columns() -%}
{%- set weight_columns = [] -%}
{%- for signal in signals -%}
    {%- for rule in ['once', 'each', 'month', 'week', 'daily'] -%}
        {%- do weight_columns.append((signal, rule)) -%}
    {%- endfor -%}
{%- endfor -%}
with

daily as (

    select * from {{ ref('int_account_pqa_signals_daily') }}

),

points as (

    select * from {{ ref('pqa_points') }}

),

bands as (

    select * from {{ ref('score_bands') }}

),

parameters as (

    select * from {{ ref('score_parameters') }}

),

weights as (

    select
        {%- for signal, rule in weight_columns %}
            sum(
                case when signal_column = '{{ signal }}' and credit_rule = '{{ rule }}' then points else 0 end
            ) as w_{{ signal }}_{{ rule }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from points

),

score_range as (

    select
        max(case when parameter = 'min_score' then value end) as min_score,
        max(case when parameter = 'max_score' then value end) as max_score
    from parameters
    where score_model = 'pqa'

),

pqa_bands as (

    select
        band,
        band_rank,
        lower_bound,
        lead(lower_bound) over (order by lower_bound) as next_lower_bound
    from bands
    where score_model = 'pqa'

),

running as (

    select
        daily.account_id,
        daily.score_date,
        {%- for signal in signals %}
            sum(daily.{{ signal }}) over account_so_far as {{ signal }}_so_far,
            max(case when daily.{{ signal }} > 0 then daily.score_date end) over account_so_far
                as {{ signal }}_last_positive,
        {%- endfor %}
        sum(
            {%- for signal in signals %}
                weights.w_{{ signal }}_daily * daily.{{ signal }}{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) over account_so_far as engagement_running
    from daily
    cross join weights
    window account_so_far as (
        partition by daily.account_id
        order by daily.score_date
        rows between unbounded preceding and current row
    )

),

credited as (

    select
        running.account_id,
        running.score_date,
        running.engagement_running - least(
            0,
            min(running.engagement_running) over (
                partition by running.account_id
                order by running.score_date
                rows between unbounded preceding and current row
            )
        ) as engagement_points,
        0
        {%- for signal in signals %}
            + weights.w_{{ signal }}_once * case when running.{{ signal }}_last_positive is not null then 1 else 0 end
            + weights.w_{{ signal }}_each * running.{{ signal }}_so_far
        {%- endfor %} as one_time_points,
        0
        {%- for signal in signals %}
            + case
                when running.{{ signal }}_last_positive >= {{ dbt.date_trunc('month', 'running.score_date') }}
                    then weights.w_{{ signal }}_month
                else 0
            end
        {%- endfor %} as usage_limit_points,
        0
        {%- for signal in signals %}
            + case
                when running.{{ signal }}_last_positive >= {{ dbt.date_trunc('week', 'running.score_date') }}
                    then weights.w_{{ signal }}_week
                else 0
            end
        {%- endfor %} as feature_gate_points
    from running
    cross join weights

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
        cast(clipped.pqa_score as {{ type_double() }}) as pqa_score,
        cast(pqa_bands.band as {{ dbt.type_string() }}) as pqa_band,
        cast(pqa_bands.band_rank as {{ dbt.type_bigint() }}) as pqa_band_rank
    from clipped
    left join pqa_bands
        on clipped.pqa_score >= pqa_bands.lower_bound
            and (pqa_bands.next_lower_bound is null or clipped.pqa_score < pqa_bands.next_lower_bound)

)

select * from final
