{#
    Written after `name as` in a CTE that several later CTEs read and that is cheaper to compute again
    than to store: a scan of a table with light expressions. DuckDB (2.0) materializes a CTE that is
    referenced more than once, which for tens of millions of events means writing them to memory and
    spilling; `not materialized` keeps it inline. Other engines inline CTEs anyway (empty).
#}
{% macro inline_cte() -%}
    {{ return(adapter.dispatch('inline_cte', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}
{%- endmacro %}

{% macro duckdb__inline_cte() -%}
    not materialized
{%- endmacro %}
