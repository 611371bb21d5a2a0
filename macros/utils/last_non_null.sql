{#
    The last non-null value of `expression` in a window frame (`over`: the window specification,
    without `over ( )`). For a running "latest day on which X happened" it is cheaper than a running
    max over a date: DuckDB keeps a segment tree per max aggregate, while last-value-ignoring-nulls
    scans the frame once. The syntax differs by engine, so it is dispatched.
#}
{% macro last_non_null(expression, over) -%}
    {{ return(adapter.dispatch('last_non_null', 'expansion_revenue')(expression, over)) }}
{%- endmacro %}

{% macro default__last_non_null(expression, over) -%}
    last_value({{ expression }} ignore nulls) over ({{ over }})
{%- endmacro %}

{% macro spark__last_non_null(expression, over) -%}
    last_value({{ expression }}, true) over ({{ over }})
{%- endmacro %}
