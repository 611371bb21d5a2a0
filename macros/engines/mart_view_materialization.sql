{#
    Materialization of a mart that is only row-wise arithmetic over a large incremental table
    (fct_pqa_scores_daily): a view on DuckDB, so an incremental build rewrites nothing; a table on
    Spark, whose engine comparison reads each mart's Parquet files.
#}
{% macro mart_view_materialization() -%}
    {{ return(adapter.dispatch('mart_view_materialization', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__mart_view_materialization() -%}
    {{ return('view') }}
{%- endmacro %}

{% macro spark__mart_view_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
