{#
    Thread-independent aggregates (see the docs block `rebuild_precision_rule`).

    A sum or average of doubles depends on the order the rows are added in, and DuckDB (like any
    parallel engine) adds them in whatever order its threads finish, so the last bits of such a
    figure change from one build to the next. Summing in a decimal type is exact, hence the same
    whatever the order. These macros cast every term to `type_exact_decimal()` (38 digits, 12 after
    the point) before summing; the average is the exact sum over the count, as a double.

    `over` turns the aggregate into a window aggregate: exact_avg('x', over='partition by a').
#}
{% macro type_exact_decimal() -%}
    {{ return(adapter.dispatch('type_exact_decimal', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__type_exact_decimal() -%}
    decimal(38, 12)
{%- endmacro %}


{% macro exact_sum(expression, over=none) -%}
    sum(cast({{ expression }} as {{ type_exact_decimal() }})){% if over %} over ({{ over }}){% endif %}
{%- endmacro %}


{% macro exact_avg(expression, over=none) -%}
    (
        cast({{ exact_sum(expression, over) }} as {{ type_double() }})
        / nullif(count({{ expression }}){% if over %} over ({{ over }}){% endif %}, 0)
    )
{%- endmacro %}


{#
    An amount in a local currency converted to USD with a double FX rate, kept as money
    (dbt.type_numeric(), 6 decimals): the product is rounded once per row, so sums of it are exact.
#}
{% macro to_usd(amount, usd_per_unit) -%}
    cast({{ amount }} * {{ usd_per_unit }} as {{ dbt.type_numeric() }})
{%- endmacro %}
