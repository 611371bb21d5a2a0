{#-
    PQA score per account and day from int_account_pqa_signals_daily (daily usage rollup, never events),
    in SQL window functions (bounded memory at any size). Rules and points: seed pqa_points.
      once / each  positive on a day of / points per unit within the trailing one-off window
      month / week  positive on a day of the current calendar month / ISO week (Mon-Sun) so far
      daily  points per unit into a balance never below 0: B_t = S_t - min(0, min S_k<=t)
    One-off window: score_parameters pqa / one_off_window_days calendar days, the scored day included;
    `each` adds points on their day and takes them back W days later (one running sum). Clipped and
    banded by the seeds. Reference: erw.scoring.pqa_score, checked by python_tests/test_pqa_sql.py.
    Incremental (DuckDB): each account continues from its last stored day with the carried state
    (engagement running sum and its running minimum, each signal's last positive day) and the `each`
    credits of the trailing window re-read from the signals; the pre-hook (delete_stale_pqa_score_days)
    first deletes the days whose signals were rewritten or whose scoring seeds changed. Spark: a table.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_stale_pqa_score_days() }}",
    )
}}
{%- set signals = pqa_signal_columns() -%}
{%- set weight_columns = [] -%}
{%- for signal in signals -%}
    {%- for rule in ['once', 'each', 'month', 'week', 'daily'] -%}
        {%- do weight_columns.append((signal, rule)) -%}
    {%- endfor -%}
{%- endfor -%}
with

signals as (

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
        max(case when parameter = 'max_score' then value end) as max_score,
        cast(max(case when parameter = 'one_off_window_days' then value end) as {{ dbt.type_int() }})
            as one_off_window_days
    from parameters
    where score_model = 'pqa'

),

{%- if is_incremental() %}

stored as {{ inline_cte() }} (

    select * from {{ this }}

),

stored_ends as (

    select
        account_id,
        max(score_date) as last_scored_date
    from stored
    group by account_id

),

stored_state as (

    select stored.*
    from stored
    inner join stored_ends
        on stored.account_id = stored_ends.account_id
            and stored.score_date = stored_ends.last_scored_date

),

{%- endif %}

signal_rows as {% if not is_incremental() %}{{ inline_cte() }}{% endif %} (

    {#- the days to score, and the `each` credits of the window before the first of them #}
    select
        signals.*,
        {%- if is_incremental() %}
        (stored_ends.last_scored_date is null or signals.score_date > stored_ends.last_scored_date) as is_scored
        {%- else %}
        true as is_scored
        {%- endif %}
    from signals
    {%- if is_incremental() %}
    cross join score_range
    left join stored_ends
        on signals.account_id = stored_ends.account_id
    where stored_ends.last_scored_date is null
        or signals.score_date
        > cast({{ dbt.dateadd('day', '-score_range.one_off_window_days', 'stored_ends.last_scored_date') }} as date)
    {%- endif %}

),

daily as (

    select * from signal_rows
    where is_scored

),

version as (

    {{ pqa_scoring_version() | indent(4) }}

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

each_points_dated as (

    select
        signal_rows.account_id,
        signal_rows.score_date as credit_date,
        0
        {%- for signal in signals %}
            + weights.w_{{ signal }}_each * signal_rows.{{ signal }}
        {%- endfor %} as each_points
    from signal_rows
    cross join weights

),

each_points_changes as (

    select
        account_id,
        credit_date as change_date,
        each_points as points_change
    from each_points_dated
    where each_points != 0
    union all
    select
        each_points_dated.account_id,
        cast({{ dbt.dateadd('day', 'score_range.one_off_window_days', 'each_points_dated.credit_date') }} as date)
            as change_date,
        -each_points_dated.each_points as points_change
    from each_points_dated
    cross join score_range
    where each_points_dated.each_points != 0
    union all
    select
        account_id,
        score_date as change_date,
        0 as points_change
    from daily

),

each_points_daily as (

    select distinct
        account_id,
        change_date as score_date,
        sum(points_change) over (
            partition by account_id
            order by change_date
            range between unbounded preceding and current row
        ) as each_points_in_window
    from each_points_changes

),

running_new_days as (

    select
        daily.account_id,
        daily.score_date,
        {%- for signal in signals %}
            max(case when daily.{{ signal }} > 0 then daily.score_date end) over account_so_far
                as {{ signal }}_last_positive,
        {%- endfor %}
        sum(
            {%- for signal in signals %}
                weights.w_{{ signal }}_daily * daily.{{ signal }}{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) over account_so_far as engagement_new_days
    from daily
    cross join weights
    window account_so_far as (
        partition by daily.account_id
        order by daily.score_date
        rows between unbounded preceding and current row
    )

),

running as (

    {#- the new days' running figures continued from the stored state of the day before them #}
    select
        running_new_days.account_id,
        running_new_days.score_date,
        {%- for signal in signals %}
            coalesce(
                running_new_days.{{ signal }}_last_positive, {{ pqa_stored_state(signal ~ '_last_positive') }}
            ) as {{ signal }}_last_positive,
        {%- endfor %}
        coalesce({{ pqa_stored_state('engagement_running') }}, 0) + running_new_days.engagement_new_days
            as engagement_running,
        {{ pqa_stored_state('engagement_running_min') }} as engagement_running_min_before
    from running_new_days
    {%- if is_incremental() %}
    left join stored_state
        on running_new_days.account_id = stored_state.account_id
    {%- endif %}

),

running_min as (

    select
        running.*,
        min(running.engagement_running) over (
            partition by running.account_id
            order by running.score_date
            rows between unbounded preceding and current row
        ) as engagement_running_min_new_days
    from running

),

credited as (

    select
        running.account_id,
        running.score_date,
        {%- for signal in signals %}
        running.{{ signal }}_last_positive,
        {%- endfor %}
        running.engagement_running,
        case
            when running.engagement_running_min_before < running.engagement_running_min_new_days
                then running.engagement_running_min_before
            else running.engagement_running_min_new_days
        end as engagement_running_min,
        running.engagement_running - least(
            0,
            case
                when running.engagement_running_min_before < running.engagement_running_min_new_days
                    then running.engagement_running_min_before
                else running.engagement_running_min_new_days
            end
        ) as engagement_points,
        0
        {%- for signal in signals %}
            + weights.w_{{ signal }}_once * case
                when running.{{ signal }}_last_positive
                    > cast({{ dbt.dateadd('day', '-score_range.one_off_window_days', 'running.score_date') }} as date)
                    then 1
                else 0
            end
        {%- endfor %}
        + each_points_daily.each_points_in_window as one_time_points,
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
    from running_min as running
    cross join weights
    cross join score_range
    inner join each_points_daily
        on running.account_id = each_points_daily.account_id
            and running.score_date = each_points_daily.score_date

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
        cast(pqa_bands.band_rank as {{ dbt.type_bigint() }}) as pqa_band_rank,
        cast(clipped.engagement_running as {{ type_double() }}) as engagement_running,
        cast(clipped.engagement_running_min as {{ type_double() }}) as engagement_running_min,
        {%- for signal in signals %}
        cast(clipped.{{ signal }}_last_positive as date) as {{ signal }}_last_positive,
        {%- endfor %}
        cast(version.scoring_version as {{ dbt.type_string() }}) as _scoring_version,
        {{ build_instant() }} as _built_at
    from clipped
    cross join version
    left join pqa_bands
        on clipped.pqa_score >= pqa_bands.lower_bound
            and (pqa_bands.next_lower_bound is null or clipped.pqa_score < pqa_bands.next_lower_bound)

)

select * from final
