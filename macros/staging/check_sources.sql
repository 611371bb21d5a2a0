{#
    Preflight: every table and column of the source contract (the `columns` and `data_type` declared
    in models/staging/*/_*__sources.yml) exists in the raw data. Runs on-run-start, before any model,
    and on its own with `dbt run-operation check_sources` (`make check-sources`). All problems are
    listed at once, one line each:
        billing.subscription_items: missing column discount_pct (numeric)
        crm.accounts: missing table
    Extra columns are fine. Tables marked `meta: {optional: true}` (finance.gtm_costs) may be absent.
#}
{% macro check_sources() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {#- Spark in files mode: register the raw files as tables first (DuckDB: nothing to do) -#}
    {%- do register_raw_sources() -%}
    {%- set problems = [] -%}
    {%- set checked = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.package_name == project_name -%}
            {%- set found = source_column_names(node.source_name, node.name) -%}
            {%- if found is none -%}
                {%- if not (node.meta or {}).get('optional', false) -%}
                    {%- do problems.append(node.source_name ~ '.' ~ node.name ~ ': missing table') -%}
                {%- endif -%}
            {%- else -%}
                {%- do checked.append(node.name) -%}
                {%- for column in node.columns.values() -%}
                    {%- if column.name | lower not in found -%}
                        {%- do problems.append(
                            node.source_name ~ '.' ~ node.name ~ ': missing column ' ~ column.name
                            ~ ' (' ~ logical_type(column.data_type) ~ ')'
                        ) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            'The raw data does not match the source contract (' ~ problems | length ~ ' problems):\n'
            ~ problems | join('\n')
        ) }}
    {%- endif -%}
    {{ log('Source contract check: ' ~ checked | length ~ ' tables present with every contract column.', info=true) }}
    {{ return('') }}
{%- endmacro %}


{# The contract's logical type for a declared data_type (as the README's contract table names them). #}
{% macro logical_type(data_type) -%}
    {{ return({
        'varchar': 'text', 'string': 'text', 'bigint': 'integer', 'double': 'numeric', 'boolean': 'boolean',
        'timestamp': 'timestamp', 'date': 'date',
    }.get((data_type or '') | lower, data_type)) }}
{%- endmacro %}


{#
    Lowercased column names of a raw table, or none when the table does not exist. Files mode reads
    the file's header (DuckDB: through the source's external_location; Spark: the external table
    register_raw_sources made of the file); tables mode asks the adapter.
#}
{% macro source_column_names(system, table) -%}
    {%- set relation = source(system, table) -%}
    {%- if env_var('ERW_SOURCE_MODE', 'files') == 'files' -%}
        {%- if not raw_file_exists(system, table) -%}{{ return(none) }}{%- endif -%}
        {%- set described = run_query('select * from ' ~ relation ~ ' limit 0') -%}
        {{ return(described.column_names | map('lower') | list) }}
    {%- else -%}
        {%- set existing = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- if existing is none -%}{{ return(none) }}{%- endif -%}
        {{ return(adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list) }}
    {%- endif -%}
{%- endmacro %}


{#
    `source(system, table)` for an optional table; when the table is absent (see
    source_column_names), an empty relation with the contract's columns instead.
#}
{% macro optional_source(system, table) -%}
    {%- set relation = source(system, table) -%}
    {%- if execute and source_column_names(system, table) is none -%}
        {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ system ~ '.' ~ table] -%}
        (
            select
                {%- for column in node.columns.values() %}
                cast(null as {{ column.data_type }}) as {{ column.name }}{% if not loop.last %},{% endif %}
                {%- endfor %}
            where 1 = 0
        ) as absent_source
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}
