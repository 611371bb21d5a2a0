{#
    Materialization of the incremental usage and PQA models. They replace slices of their rows
    (delete+insert, or a pre-hook delete and an append), which dbt-spark does not offer on Parquet
    tables (append, merge on Delta, insert_overwrite of partitions); `make spark-build` rebuilds from
    scratch anyway, so on Spark they are plain tables.
#}
{% macro rollup_materialization() -%}
    {{ return(adapter.dispatch('rollup_materialization', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__rollup_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__rollup_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
