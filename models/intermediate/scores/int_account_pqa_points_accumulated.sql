{#-
    Running PQA state per account and day from int_account_pqa_signals_daily (never events): the
    engagement running sum and its minimum, each signal's last positive day, and the `each` credits in
    the one-off window (a running sum of credits and their expiries: missing days do not stretch it).
    int_account_pqa_scores_daily turns it into points. Incremental (DuckDB): the pre-hook deletes the days whose
    signals were rewritten or whose seeds changed (`_scoring_version`), then each account continues from
    its last stored day with this state (least() skips its null on a full build). Spark: a table.
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
{%- set signals_after = pqa_points_signals_after() -%}
{%- set account_so_far -%}
    partition by daily.account_id order by daily.score_date
    rows between unbounded preceding and current row
{%- endset -%}
with

signals as (

    select * from {{ ref('int_account_pqa_signals_daily') }}

),

points as (

    select * from {{ ref('pqa_points') }}

),

parameters as (

    select * from {{ ref('score_parameters') }}

),

weights as (

    {{ pqa_weights('points', ['daily', 'each']) | indent(4) }}

),

window_length as (

    select
        cast(max(case when parameter = 'one_off_window_days' then value end) as {{ dbt.type_int() }})
            as one_off_window_days
    from parameters
    where score_model = 'pqa'

),

{%- if is_incremental() %}

stored_state as (

    {{ last_stored_rows('score_date') | indent(4) }}

),

{%- endif %}

signal_rows as {% if not is_incremental() %}{{ inline_cte() }}{% endif %} (

    select
        signals.*,
        {%- if is_incremental() %}
        (stored_state.score_date is null or signals.score_date > stored_state.score_date) as is_scored
        {%- else %}
            true as is_scored
        {%- endif %}
    from signals
    {%- if is_incremental() %}
    cross join window_length
    left join stored_state
        on signals.account_id = stored_state.account_id
    where (
        stored_state.score_date is null
        or signals.score_date
        > cast({{ dbt.dateadd('day', '-window_length.one_off_window_days', 'stored_state.score_date') }} as date)
    )
    {%- if signals_after is not none %}
        {#- the same rows, as a literal bound the scan can prune by (pqa_points_signals_after) #}
        and signals.score_date > {{ signals_after }}
    {%- endif %}
    {%- endif %}

),

version as (

    {{ pqa_scoring_version() | indent(4) }}

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
        cast({{ dbt.dateadd('day', 'window_length.one_off_window_days', 'each_points_dated.credit_date') }} as date)
            as change_date,
        -each_points_dated.each_points as points_change
    from each_points_dated
    cross join window_length
    where each_points_dated.each_points != 0
    union all
    select
        account_id,
        score_date as change_date,
        0 as points_change
    from signal_rows
    where is_scored

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
            {{ last_non_null(
                'case when daily.' ~ signal ~ ' > 0 then daily.score_date end', account_so_far
            ) }} as {{ signal }}_last_positive,
        {%- endfor %}
        sum(
            {%- for signal in signals %}
                weights.w_{{ signal }}_daily * daily.{{ signal }}{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) over ({{ account_so_far }}) as engagement_new_days
    from signal_rows as daily
    cross join weights
    where daily.is_scored

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

final as (

    select
        cast(running.account_id as {{ dbt.type_string() }}) as account_id,
        cast(running.score_date as date) as score_date,
        cast(running.engagement_running as {{ type_double() }}) as engagement_running,
        cast(
            least(running.engagement_running_min_before, running.engagement_running_min_new_days)
            as {{ type_double() }}
        ) as engagement_running_min,
        {%- for signal in signals %}
            cast(running.{{ signal }}_last_positive as date) as {{ signal }}_last_positive,
        {%- endfor %}
        cast(each_points_daily.each_points_in_window as {{ type_double() }}) as each_points_in_window,
        cast(version.scoring_version as {{ dbt.type_string() }}) as _scoring_version,
        {{ build_instant() }} as _built_at
    from running_min as running
    cross join version
    inner join each_points_daily
        on running.account_id = each_points_daily.account_id
            and running.score_date = each_points_daily.score_date

)

select * from final
