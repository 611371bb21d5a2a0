{#
    The relation staging reads raw events from. Files mode: the source's external location, a
    directory of load files `<raw_dir>/usage/events/*.<format>`; when that directory holds no file, the
    one-file layout `<raw_dir>/usage/events.<format>` instead. Tables mode: the source table.
    Spark: the table register_raw_sources made over the load-file directory (or the one file).
#}
{% macro raw_events_source() -%}
    {{ return(adapter.dispatch('raw_events_source', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__raw_events_source() -%}
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


{% macro spark__raw_events_source() -%}
    {{ return(source('usage', 'events')) }}
{%- endmacro %}
