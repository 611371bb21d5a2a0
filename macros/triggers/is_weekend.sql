{#
    True when a date falls on a Saturday or Sunday. Day-of-week numbering differs between engines,
    so the expression is dispatched.
#}
{% macro is_weekend(date_expression) -%}
    {{ return(adapter.dispatch('is_weekend', 'expansion_revenue')(date_expression)) }}
{%- endmacro %}

{% macro default__is_weekend(date_expression) -%}
    extract(isodow from {{ date_expression }}) in (6, 7)
{%- endmacro %}

{% macro duckdb__is_weekend(date_expression) -%}
    isodow({{ date_expression }}) in (6, 7)
{%- endmacro %}

{% macro spark__is_weekend(date_expression) -%}
    dayofweek({{ date_expression }}) in (1, 7)
{%- endmacro %}
