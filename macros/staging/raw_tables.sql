{#
    Every raw table of the source contract as (system, table). The data-quality marts loop over it;
    python_tests checks it against erw/datagen/schema.py so a new raw table cannot be forgotten.
#}
{% macro raw_tables() -%}
    {{ return([
        ('billing', 'customers'),
        ('billing', 'products'),
        ('billing', 'plans'),
        ('billing', 'subscriptions'),
        ('billing', 'subscription_items'),
        ('billing', 'invoices'),
        ('billing', 'invoice_lines'),
        ('usage', 'users'),
        ('usage', 'features'),
        ('usage', 'events'),
        ('crm', 'accounts'),
        ('crm', 'account_snapshots'),
        ('crm', 'contacts'),
        ('crm', 'contact_history'),
        ('crm', 'opportunities'),
        ('crm', 'csqls'),
        ('crm', 'csql_stage_history'),
        ('crm', 'nps_responses'),
        ('crm', 'support_tickets'),
        ('crm', 'activities'),
        ('crm', 'success_milestones'),
        ('finance', 'fx_rates'),
        ('finance', 'gtm_costs'),
    ]) }}
{%- endmacro %}


{# Quarantine reason codes: the row-level ones (staging) in the order they apply, then the
   cross-table ones (data-quality area), which apply only to rows that pass staging. #}
{% macro quarantine_reasons() -%}
    {{ return([
        'null_key', 'duplicate', 'invalid_type', 'negative_quantity', 'missing_service_period',
        'future_timestamp', 'invalid_value', 'orphan_key', 'unknown_currency', 'missing_fx_rate',
    ]) }}
{%- endmacro %}


{#
    The relation staging reads raw events from. Files mode: the source's external location, a
    directory of load files `<raw_dir>/usage/events/*.<format>`; when that directory holds no file, the
    one-file layout `<raw_dir>/usage/events.<format>` instead. Tables mode: the source table.
#}
{% macro raw_events_source() -%}
    {%- set relation = source('usage', 'events') -%}
    {%- if execute and env_var('ERW_SOURCE_MODE', 'files') == 'files' -%}
        {%- set load_files = env_var('ERW_RAW_DIR', 'data/raw') ~ '/usage/events/*.'
            ~ env_var('ERW_RAW_FORMAT', 'parquet') -%}
        {%- set found = run_query("select count(*) from glob('" ~ load_files ~ "')").columns[0].values()[0] -%}
        {%- if found == 0 -%}
            {{ return((relation | string).replace('/usage/events/*.', '/usage/events.')) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
