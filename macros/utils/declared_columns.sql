{#
    The current model's declared columns (its property file, in that order), each as `alias.column`:
    a mart that passes through the rows of another selects exactly what its contract declares, not
    the other's bookkeeping columns (e.g. the score models' `_inputs_digest`).
#}
{% macro declared_columns(alias) -%}
    {%- for name in model.columns %}
        {{ alias }}.{{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
