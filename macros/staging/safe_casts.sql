{#
    Casts that never fail: a value that does not parse becomes null (and the staging model holds the
    row as `invalid_type`, naming the column, instead of stopping the build).
#}
{% macro cast_or_null(column, data_type) -%}
    {{ return(adapter.dispatch('cast_or_null', 'expansion_revenue')(column, data_type)) }}
{%- endmacro %}

{% macro default__cast_or_null(column, data_type) -%}
    {{ dbt.safe_cast(column, data_type) }}
{%- endmacro %}

{% macro duckdb__cast_or_null(column, data_type) -%}
    try_cast({{ column }} as {{ data_type }})
{%- endmacro %}

{% macro snowflake__cast_or_null(column, data_type) -%}
    try_cast(cast({{ column }} as {{ dbt.type_string() }}) as {{ data_type }})
{%- endmacro %}

{% macro bigquery__cast_or_null(column, data_type) -%}
    safe_cast({{ column }} as {{ data_type }})
{%- endmacro %}


{#
    Sql naming the first of `typed_columns` ((name, type) pairs) whose raw value is present but does
    not parse as its type; null when every value parses.
#}
{% macro first_invalid_column(typed_columns) -%}
    {%- if typed_columns | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        case
            {%- for column, data_type in typed_columns %}
            when {{ column }} is not null and {{ cast_or_null(column, data_type) }} is null then '{{ column }}'
            {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}

{# Spark 4 casts are ANSI (a bad value fails the query); try_cast returns null instead. #}
{% macro spark__cast_or_null(column, data_type) -%}
    try_cast({{ column }} as {{ data_type }})
{%- endmacro %}
