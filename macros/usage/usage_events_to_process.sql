{#
    Events an incremental usage rollup must (re)aggregate on this run, with their usage_date and
    usage_month.

    Full refresh: every clean event. Incremental: every event of each account-month that received
    an event loaded since the newest `last_loaded_at` already in the target, minus
    `usage_lookback_days` (loaders can commit batches out of order). Whole account-months are
    reprocessed so month-level figures stay exact; the models use delete+insert on
    (account_id, usage_month), so a reprocessed month replaces the old one entirely.
#}
{% macro usage_events_to_process(events_cte) -%}
    {%- set usage_month = dbt.date_trunc('month', events_cte ~ '.occurred_at') -%}
    select
        {{ events_cte }}.*,
        cast({{ events_cte }}.occurred_at as date) as usage_date,
        cast({{ usage_month }} as date) as usage_month
    from {{ events_cte }}
    {%- if is_incremental() %}
    inner join (
        select distinct
            account_id,
            {{ dbt.date_trunc('month', 'occurred_at') }} as touched_month
        from {{ events_cte }}
        where _loaded_at > (
            select {{ dbt.dateadd('day', -1 * var('usage_lookback_days'), 'max(last_loaded_at)') }}
            from {{ this }}
        )
    ) as touched
        on {{ events_cte }}.account_id = touched.account_id
        and {{ usage_month }} = touched.touched_month
    {%- endif %}
{%- endmacro %}
