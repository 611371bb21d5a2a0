{#
    Join condition: the FX rate span `spans` (a relation of int_fx_rate_spans_derived) is the rate
    of `currency_column` on the date `date_expr`.
#}
{% macro fx_rate_span_covers(spans, currency_column, date_expr) -%}
    {{ currency_column }} = {{ spans }}.currency
    and {{ date_expr }} >= {{ spans }}.valid_from_date
    and ({{ spans }}.valid_to_date is null or {{ date_expr }} < {{ spans }}.valid_to_date)
{%- endmacro %}
