{#
    Whether this run builds the dbt Python models (the score marts): var python_models_enabled when
    set, else true except on dbt-spark, whose session / thrift methods cannot run Python models
    (dbt-databricks can). dbt_project.yml repeats the same rule for marts/scores (no macros there).
#}
{% macro python_models_enabled() -%}
    {%- set configured = var('python_models_enabled', none) -%}
    {%- if configured is not none -%}{{ return(configured) }}{%- endif -%}
    {{ return(adapter.dispatch('python_models_enabled', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__python_models_enabled() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__python_models_enabled() -%}
    {{ return(false) }}
{%- endmacro %}


{# on-run-start: say so when the score side is switched off, so the skipped marts are no surprise. #}
{% macro announce_python_models() -%}
    {%- if execute and not python_models_enabled() -%}
        {{ log(
            'Python models are off on this target (' ~ target.type ~ '): the score marts (marts/scores) and'
            ~ ' fct_score_trigger_firings are disabled; triggers and pipeline marts build from the triggers'
            ~ ' that need no score. Run on DuckDB or Databricks for the scores (var python_models_enabled).',
            info=true
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
