{#
    8-byte floating point type. dbt's type_float() is a 4-byte float on some adapters (DuckDB),
    too coarse for rates and ratios.
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
