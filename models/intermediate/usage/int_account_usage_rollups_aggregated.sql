{#-
    The incremental step of the usage path: the clean events rolled up at five grains (rollup_grain):
    day, feature_day, month, feature_month (for feature adoption), user_month (active days, events; for
    departments active); the usage views read it. The SQL is usage_rollups_select
    (macros/usage/usage_rollups_select.sql). An incremental run rewrites, for every account-month the
    events check touched, the day grains from its first touched day on and the month grains (from the
    month's day rows), so it equals a full refresh. A build from scratch runs in batches of months to
    bound memory: this statement builds the oldest batch, the post-hook appends the others. Spark: a
    table, one statement.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_usage_rows(ref('int_usage__events_checked')) }}",
        post_hook="{{ insert_usage_rollup_batches(ref('int_usage__events_cleaned'), ref('int_usage__events_checked')) }}",
    )
}}
{%- set events = ref('int_usage__events_cleaned') %}
{%- set checked = ref('int_usage__events_checked') %}
{%- set batches = [] if is_incremental() else usage_rollup_batches(events) %}
{%- set first_batch = batches[0] if batches else none %}

{{ usage_rollups_select(
    usage_events_to_process(events, checked, is_incremental(), first_batch),
    is_incremental(),
    checked,
    usage_events_to_process(events, checked, true, scope='month') if is_incremental() else none,
) }}
