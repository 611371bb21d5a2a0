{#
    Files mode on engines that cannot read a file path in FROM the way DuckDB's external_location
    does (sources' `meta.external_location`, DuckDB only): before anything else runs, every raw file
    of the source contract present under ERW_RAW_DIR is registered as an external table in its
    source schema (raw_billing.customers -> <ERW_RAW_DIR>/billing/customers.parquet), so `source()`
    resolves to it. DuckDB needs nothing (default: no-op). Tables mode (ERW_SOURCE_MODE=tables)
    reads the warehouse's own tables on every engine.
#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- if not execute or env_var('ERW_SOURCE_MODE', 'files') != 'files' -%}{{ return('') }}{%- endif -%}
    {%- set raw_format = env_var('ERW_RAW_FORMAT', 'parquet') -%}
    {%- set registered = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.package_name == project_name -%}
            {%- set relation = source(node.source_name, node.name) -%}
            {%- set path = raw_file_path(node.source_name, node.name) -%}
            {%- do run_query('create schema if not exists ' ~ relation.schema) -%}
            {%- do run_query('drop table if exists ' ~ relation) -%}
            {%- if raw_file_exists(node.source_name, node.name) -%}
                {%- if raw_format == 'parquet' -%}
                    {%- do run_query('create table ' ~ relation ~ " using parquet location '" ~ path ~ "'") -%}
                {%- else -%}
                    {#- every column as text, like DuckDB's all_varchar: staging's safe casts decide -#}
                    {%- do run_query(
                        'create table ' ~ relation ~ " using csv options (header 'true', inferSchema 'false')"
                        ~ " location '" ~ path ~ "'"
                    ) -%}
                {%- endif -%}
                {%- do registered.append(node.source_name ~ '.' ~ node.name) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ log('Raw files registered as external tables: ' ~ registered | length ~ ' (' ~ env_var('ERW_RAW_DIR', 'data/raw') ~ ').', info=true) }}
    {{ return('') }}
{%- endmacro %}


{# <ERW_RAW_DIR>/<system>/<table>.<ERW_RAW_FORMAT> #}
{% macro raw_file_path(system, table) -%}
    {{ return(env_var('ERW_RAW_DIR', 'data/raw') ~ '/' ~ system ~ '/' ~ table ~ '.' ~ env_var('ERW_RAW_FORMAT', 'parquet')) }}
{%- endmacro %}


{# Whether the raw file of a table exists (files mode). #}
{% macro raw_file_exists(system, table) -%}
    {{ return(adapter.dispatch('raw_file_exists', 'expansion_revenue')(system, table)) }}
{%- endmacro %}

{% macro default__raw_file_exists(system, table) -%}
    {%- set found = run_query("select count(*) from glob('" ~ raw_file_path(system, table) ~ "')") -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{# Spark has no glob(): list the system's folder with the binaryFile source (names only). #}
{% macro spark__raw_file_exists(system, table) -%}
    {%- set folder = env_var('ERW_RAW_DIR', 'data/raw') ~ '/' ~ system -%}
    {%- set file_name = table ~ '.' ~ env_var('ERW_RAW_FORMAT', 'parquet') -%}
    {%- set found = run_query(
        "select count(*) from binaryFile.`" ~ folder ~ "` where path like '%/" ~ file_name ~ "'"
    ) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}
