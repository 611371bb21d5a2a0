{#
    The values of `measure` in one string, sorted, separated by `delimiter` (sql text). dbt's listagg
    ignores its order on Spark, which makes the result depend on the plan; this one does not.
#}
{% macro sorted_listagg(measure, delimiter) -%}
    {{ return(adapter.dispatch('sorted_listagg', 'expansion_revenue')(measure, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_listagg(measure, delimiter) -%}
    {{ dbt.listagg(measure, delimiter, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__sorted_listagg(measure, delimiter) -%}
    array_join(array_sort(collect_list({{ measure }})), {{ delimiter }})
{%- endmacro %}
