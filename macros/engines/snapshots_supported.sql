{#
    Whether this engine keeps dbt snapshots. dbt-spark snapshots need a Delta or Hudi table (merge);
    the local Spark session writes plain Parquet, so on Spark the board snapshot and the
    restatements report that reads it are disabled (on Databricks, Delta tables keep them).
#}
{% macro snapshots_supported() -%}
    {{ return(adapter.dispatch('snapshots_supported', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__snapshots_supported() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__snapshots_supported() -%}
    {{ return(false) }}
{%- endmacro %}
