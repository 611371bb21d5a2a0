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
                {%- set options = [] -%}
                {%- if node.source_name == 'usage' and node.name == 'events' and spark_events_load_files_exist() -%}
                    {#- the directory of load files, one table over all of them (columns matched by name) -#}
                    {%- set path = env_var('ERW_RAW_DIR', 'data/raw') ~ '/usage/events' -%}
                    {%- do options.append("pathGlobFilter '*." ~ raw_format ~ "'") -%}
                    {%- if raw_format == 'parquet' -%}{%- do options.append("mergeSchema 'true'") -%}{%- endif -%}
                {%- endif -%}
                {%- if raw_format == 'parquet' -%}
                    {%- set using = 'parquet' -%}
                {%- else -%}
                    {#- every column as text, like DuckDB's all_varchar: staging's safe casts decide -#}
                    {%- set using = 'csv' -%}
                    {%- do options.extend(["header 'true'", "inferSchema 'false'"]) -%}
                {%- endif -%}
                {%- do run_query(
                    'create table ' ~ relation ~ ' using ' ~ using
                    ~ (' options (' ~ options | join(', ') ~ ')' if options else '')
                    ~ " location '" ~ path ~ "'"
                ) -%}
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

{#- usage.events may also be a directory of load files, usage/events/*.<format> (raw_events_source) -#}
{% macro default__raw_file_exists(system, table) -%}
    {%- set query = "select count(*) from glob('" ~ raw_file_path(system, table) ~ "')" -%}
    {%- if system == 'usage' and table == 'events' -%}
        {%- set query = query ~ " union all select count(*) from glob('" ~ env_var('ERW_RAW_DIR', 'data/raw')
            ~ "/usage/events/*." ~ env_var('ERW_RAW_FORMAT', 'parquet') ~ "')" -%}
    {%- endif -%}
    {%- set found = run_query(query) -%}
    {{ return(found.columns[0].values() | sum > 0) }}
{%- endmacro %}

{#
    Spark has no glob(): list the system's folder, subfolders included, with the binaryFile source
    (names only; the content column is never read). usage.events counts its load files too.
#}
{% macro spark__raw_file_exists(system, table) -%}
    {%- set file_name = table ~ '.' ~ env_var('ERW_RAW_FORMAT', 'parquet') -%}
    {%- set found = spark_raw_files_matching(system, '%/' ~ system ~ '/' ~ file_name) -%}
    {{ return(found > 0 or (system == 'usage' and table == 'events' and spark_events_load_files_exist())) }}
{%- endmacro %}

{# Whether <ERW_RAW_DIR>/usage/events/ holds load files (*.<ERW_RAW_FORMAT>). #}
{% macro spark_events_load_files_exist() -%}
    {{ return(spark_raw_files_matching('usage', '%/usage/events/%.' ~ env_var('ERW_RAW_FORMAT', 'parquet')) > 0) }}
{%- endmacro %}

{# Number of files under <ERW_RAW_DIR>/<system> whose path matches the sql `like` pattern. #}
{% macro spark_raw_files_matching(system, pattern) -%}
    {%- set folder = env_var('ERW_RAW_DIR', 'data/raw') ~ '/' ~ system -%}
    {%- do run_query(
        "create or replace temporary view erw_raw_files using binaryFile"
        ~ " options (path '" ~ folder ~ "', recursiveFileLookup 'true')"
    ) -%}
    {%- set found = run_query("select count(*) from erw_raw_files where path like '" ~ pattern ~ "'") -%}
    {{ return(found.columns[0].values()[0]) }}
{%- endmacro %}
