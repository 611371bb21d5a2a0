{#
    The recent-vs-prior window test used by the score inputs: is a dated row inside the window_days
    days up to the reference date ('recent': date > reference - window_days), or on or before the
    window's start ('prior': date <= reference - window_days; the outer bound comes from the join)?
    Dates are compared as dates. Use inside an aggregate: sum(case when ... then 1 else 0 end).
#}
{% macro window_condition(date_expression, reference_expression, window_days, side='recent') -%}
    cast({{ date_expression }} as date)
    {{ '>' if side == 'recent' else '<=' }} cast({{ dbt.dateadd('day', -1 * window_days, reference_expression) }} as date)
{%- endmacro %}
