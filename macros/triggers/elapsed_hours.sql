{#
    Hours between two timestamps, as a double (seconds / 3600).
#}
{% macro elapsed_hours(start_expression, end_expression) -%}
    cast({{ dbt.datediff(start_expression, end_expression, 'second') }} as {{ type_double() }}) / 3600.0
{%- endmacro %}
