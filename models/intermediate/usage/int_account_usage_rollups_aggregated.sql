{#-
    The incremental step of the usage path: the clean events of every account-month that changed are
    rolled up at five grains (rollup_grain): day, feature_day, month, feature_month (for feature
    adoption), user_month (active days, events; for departments active); the usage views read it. The SQL is usage_rollups_select
    (macros/usage/usage_rollups_select.sql). Whole account-months are reprocessed, so an incremental
    run equals a full refresh. A build from scratch runs in batches of months to bound memory: this
    statement builds the oldest batch, the post-hook appends the others. Spark: a table, one statement.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_touched_usage_months(ref('int_usage__events_checked')) }}",
        post_hook="{{ insert_usage_rollup_batches(ref('int_usage__events_cleaned'), ref('int_usage__events_checked')) }}",
    )
}}
{%- set batches = [] if is_incremental() else usage_rollup_batches(ref('int_usage__events_cleaned')) %}
{%- set first_batch = batches[0] if batches else none %}

{{ usage_rollups_select(
    usage_events_to_process(
        ref('int_usage__events_cleaned'), ref('int_usage__events_checked'), is_incremental(), first_batch
    ),
    is_incremental(),
) }}
