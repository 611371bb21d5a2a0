{#
    Events (`events`: the clean events relation) an incremental usage rollup must (re)aggregate on
    this run, with their usage_date and usage_month.

    Full refresh: every clean event. Incremental (`incremental`, with `checked`, every event with its
    quarantine reason): the account-months in which the events data-quality step wrote a row since
    the rollup's last build (its `_built_at`: new loads, late and out-of-order ones, re-synced copies,
    events whose orphan check changed) are touched (usage_rollup_tails). `scope`:
      - 'tail': the events of each touched account-month from its first touched day on (the day and
        feature-day grains are rewritten from there: later days' month-to-date figures follow);
      - 'month': every event of each touched account-month (the user-month grain counts distinct
        days per user, which the stored day rows cannot give).
    The rollup's pre-hook (delete_touched_usage_rows) deletes what the run writes again.
    `batch` (from usage_rollup_batches): only the events of its months (one batch of a full build), a
    range on occurred_at so the scan skips the row groups of other months.
#}
{% macro usage_events_to_process(events, checked, incremental, batch=none, scope='tail') -%}
    {%- set usage_month = dbt.date_trunc('month', 'events.occurred_at') -%}
    select
        events.*,
        cast(events.occurred_at as date) as usage_date,
        cast({{ usage_month }} as date) as usage_month
    from {{ events }} as events
    {%- if incremental %}
    inner join ({{ usage_rollup_tails(checked) }}) as tails
        on events.account_id = tails.account_id
        and cast({{ usage_month }} as date) = tails.usage_month
        {%- if scope == 'tail' %}
        and cast(events.occurred_at as date) >= tails.tail_start
        {%- endif %}
    {#- a literal lower bound too, so the scan skips the row groups nobody touched #}
    where events.occurred_at >= {{ first_touched_day(checked, 'month' if scope == 'month' else 'day') }}
    {%- elif batch is not none %}
    where events.occurred_at >= cast('{{ batch.start }} 00:00:00' as {{ dbt.type_timestamp() }})
        {%- if batch.end is not none %}
        and events.occurred_at < cast('{{ batch.end }} 00:00:00' as {{ dbt.type_timestamp() }})
        {%- endif %}
    {%- endif %}
{%- endmacro %}


{#
    The earliest touched day (usage_rollup_tails), or with grain 'month' the first day of its month,
    as a timestamp literal (query_literal); 9999-12-31 when nothing was touched.
#}
{% macro first_touched_day(checked, grain='day') -%}
    {%- set first = 'min(usage_month)' if grain == 'month' else 'min(tail_start)' -%}
    {{ return(query_literal(
        'select ' ~ first ~ ' from (' ~ usage_rollup_tails(checked) ~ ') as tails',
        dbt.type_timestamp(),
        "cast('9999-12-31 00:00:00' as " ~ dbt.type_timestamp() ~ ")"
    )) }}
{%- endmacro %}


{# The first day of the earliest touched month, as a timestamp literal (first_touched_day). #}
{% macro first_touched_month(checked) -%}
    {{ return(first_touched_day(checked, 'month')) }}
{%- endmacro %}


{#
    (account_id, usage_month) of every account-month in which the events data-quality step wrote a
    row since this incremental model's last build (its max `_built_at`, read before the run).
#}
{% macro usage_months_touched(checked) -%}
    {{ return(usage_months_touched_since(checked, stored_instant('max(_built_at)'))) }}
{%- endmacro %}


{# The same, for the rows the events step wrote after `since` (a timestamp literal). #}
{% macro usage_months_touched_since(checked, since) -%}
    select distinct
        account_id,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as usage_month
    from {{ checked }}
    where _checked_at > {{ since }}
{%- endmacro %}


{#
    Every touched account-month (usage_months_touched) with `tail_start`, its first day with an event
    the data-quality step wrote since this model's last build. A re-checked event (a re-synced copy,
    a changed orphan check) is written again with its own occurred_at, so the days of both copies
    are touched. Days before tail_start keep their stored day and feature-day rows.
#}
{% macro usage_rollup_tails(checked) -%}
    select
        account_id,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as usage_month,
        min(cast(occurred_at as date)) as tail_start
    from {{ checked }}
    where _checked_at > {{ stored_instant('max(_built_at)') }}
    group by account_id, cast({{ dbt.date_trunc('month', 'occurred_at') }} as date)
{%- endmacro %}


{#
    Pre-hook of the incremental usage rollup: delete what the run writes again, the month grains of
    every touched account-month and its day grains from tail_start on (usage_rollup_tails), so a month
    or day left without clean events (all its events now quarantined, e.g. an account gone from the
    CRM) loses its rows too. Runs in the model's transaction, on incremental runs only.
#}
{% macro delete_touched_usage_rows(checked) -%}
    {%- if is_incremental() -%}
    {%- set rows_from -%}
        from {{ this }} as stored
        inner join ({{ usage_rollup_tails(checked) }}) as tails
            on stored.account_id = tails.account_id
                and stored.usage_month = tails.usage_month
        where stored.usage_month >= cast({{ first_touched_month(checked) }} as date)
            and (stored.rollup_grain not in ('day', 'feature_day') or stored.usage_date >= tails.tail_start)
    {%- endset -%}
    {#- the portable form matches rows by these keys (null-safe on no engine but DuckDB, the only one
        on which this model is incremental) #}
    {{ delete_stored_rows(
        this, ['account_id', 'usage_month', 'usage_date', 'feature_key', 'user_id', 'rollup_grain'], rows_from
    ) }}
    {%- endif -%}
{%- endmacro %}


{# The build instant every row a model writes in this run carries (run_started_at, UTC). #}
{% macro build_instant() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#
    The key the events data-quality step replaces rows by: the event id, or for a row without one
    a digest of the whole row (identical copies share it, so they are replaced together).
#}
{% macro usage_event_key(relation) -%}
    coalesce(
        {{ relation }}.event_id,
        {{ dbt.concat([
            "'(no event_id) '",
            dbt.hash(dbt.concat([
                "coalesce(" ~ relation ~ ".account_id, '')", "'|'",
                "coalesce(" ~ relation ~ ".user_id, '')", "'|'",
                "coalesce(" ~ relation ~ ".event_name, '')", "'|'",
                "coalesce(" ~ relation ~ ".feature_key, '')", "'|'",
                "coalesce(cast(" ~ relation ~ ".quantity as " ~ dbt.type_string() ~ "), '')", "'|'",
                "coalesce(cast(" ~ relation ~ ".occurred_at as " ~ dbt.type_string() ~ "), '')", "'|'",
                "coalesce(cast(" ~ relation ~ "._loaded_at as " ~ dbt.type_string() ~ "), '')",
            ])),
        ]) }}
    )
{%- endmacro %}


{#
    The event key of a stored row of the events data-quality step (`relation`: its alias): the event
    id, or for a row without one its `_no_id_key` (usage_event_key's digest, stored only then).
#}
{% macro checked_event_key(relation) -%}
    coalesce({{ relation }}.event_id, {{ relation }}._no_id_key)
{%- endmacro %}


{#
    The single value `sql` returns as a `data_type` literal, read with a query when the model runs, so
    a filter on it is a constant the engine can push into scans (file, row-group and zone-map
    pruning); a scalar subquery is not. `fallback` (a SQL expression, or none) at parse time and when
    the query returns no row or null.
#}
{% macro query_literal(sql, data_type, fallback) -%}
    {%- if not execute -%}{{ return(fallback) }}{%- endif -%}
    {%- set values = run_query(sql).columns[0].values() -%}
    {%- if values | length == 0 or values[0] is none -%}{{ return(fallback) }}{%- endif -%}
    {{ return("cast('" ~ (values[0] | string) ~ "' as " ~ data_type ~ ")") }}
{%- endmacro %}


{#
    The value of `expression` (an aggregate over the incremental model's own stored rows, e.g.
    max(_loaded_at)) as a timestamp literal (query_literal). An empty table (or parse time) gives
    1900-01-01: everything is new.
#}
{% macro stored_instant(expression) -%}
    {{ return(query_literal(
        'select ' ~ expression ~ ' from ' ~ this,
        dbt.type_timestamp(),
        "cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")"
    )) }}
{%- endmacro %}


{#
    Full builds of the usage rollup run in batches of whole months, oldest first: each batch's
    aggregates (user-days, feature-user-days: about one group per event) are a slice of the whole, so
    they stay in memory instead of spilling tens of GB at 100k accounts. usage_rollup_batches: the
    batches, as {'start': first month, 'end': first month after it or none for the last}; consecutive
    months join one batch until it holds `usage_rollup_batch_events` clean events (small warehouses
    then take one or two statements, large ones one per month). Read when the model runs; [] at parse
    time, when the events relation does not exist yet (compiling), and on Spark (a plain table built in
    one statement). The model builds the first batch; its post-hook (insert_usage_rollup_batches)
    appends the others.
#}
{% macro usage_rollup_batches(events) -%}
    {%- if not execute or rollup_materialization() != 'incremental' -%}{{ return([]) }}{%- endif -%}
    {#- compiling (dbt compile, sqlfluff) before the events exist: one statement -#}
    {%- if load_relation(events) is none -%}{{ return([]) }}{%- endif -%}
    {%- set usage_month = 'cast(' ~ dbt.date_trunc('month', 'occurred_at') ~ ' as date)' -%}
    {%- set months = run_query(
        'select ' ~ usage_month ~ ' as usage_month, count(*) as events from ' ~ events
        ~ ' group by ' ~ usage_month ~ ' order by usage_month'
    ) -%}
    {%- set batches = [] -%}
    {%- set filled = namespace(events=0) -%}
    {%- for row in months.rows -%}
        {%- if batches and filled.events < var('usage_rollup_batch_events') -%}
            {%- set filled.events = filled.events + row[1] -%}
        {%- else -%}
            {%- if batches -%}{%- do batches[-1].update({'end': row[0] | string}) -%}{%- endif -%}
            {%- do batches.append({'start': row[0] | string, 'end': none}) -%}
            {%- set filled.events = row[1] -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(batches) }}
{%- endmacro %}


{#
    Post-hook of the usage rollup: after a build from scratch (no stored row predates this run) that
    wrote the first batch, append every batch whose first month the table does not hold yet, one
    statement each, in the model's transaction. An incremental run writes nothing here.
#}
{% macro insert_usage_rollup_batches(events, checked) -%}
    {%- if execute and rollup_materialization() == 'incremental' -%}
        {%- set older = run_query(
            'select count(*) from ' ~ this ~ ' where _built_at <> ' ~ build_instant()
        ).columns[0].values()[0] -%}
        {%- if older == 0 -%}
            {%- set stored = run_query('select distinct usage_month from ' ~ this).columns[0].values()
                | map('string') | list -%}
            {%- for batch in usage_rollup_batches(events) if batch.start not in stored -%}
                {%- do run_query(
                    'insert into ' ~ this ~ ' '
                    ~ usage_rollups_select(usage_events_to_process(events, checked, false, batch), false)
                ) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#
    The reporting date (int_as_of_date_resolved) as a date literal (query_literal), for a filter the
    engine can push into a scan; none at parse time and before that model exists (the caller then
    relies on its join to int_as_of_date_resolved alone).
#}
{% macro as_of_date_literal() -%}
    {%- set relation = load_relation(ref('int_as_of_date_resolved')) if execute else none -%}
    {%- if relation is none -%}{{ return(none) }}{%- endif -%}
    {{ return(query_literal('select as_of_date from ' ~ relation, 'date', none)) }}
{%- endmacro %}
