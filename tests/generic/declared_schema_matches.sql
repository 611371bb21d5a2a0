{#-
    Contract check for models dbt cannot enforce a contract on (Python models): every column
    declared in the model's YAML exists in the built relation with the declared data_type, and the
    relation has no undeclared column. Returns one row per mismatch. Text types compare as one
    (contracts declare `string`, which DuckDB stores and reports as VARCHAR).
-#}
{% test declared_schema_matches(model) %}

{%- set declared = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and (node.alias or node.name) | lower == model.identifier | lower -%}
            {%- for column in node.columns.values() -%}
                {%- set data_type = (column.data_type or '') | lower -%}
                {%- if data_type in ('string', 'varchar', 'text') -%}
                    {%- set data_type = 'string' -%}
                {%- endif -%}
                {%- do declared.append((column.name | lower, data_type)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

declared as (

    {% for name, data_type in declared %}
    select
        '{{ name }}' as column_name,
        '{{ data_type }}' as data_type
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if declared | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as data_type
    {% endif %}

),

built as (

    select
        lower(column_name) as column_name,
        case
            when lower(data_type) in ('string', 'varchar', 'text') then 'string'
            else lower(data_type)
        end as data_type
    from information_schema.columns
    where lower(table_schema) = lower('{{ model.schema }}')
        and lower(table_name) = lower('{{ model.identifier }}')

),

final as (

    select
        coalesce(declared.column_name, built.column_name) as column_name,
        declared.data_type as declared_type,
        built.data_type as built_type
    from declared
    full outer join built
        on declared.column_name = built.column_name
    where declared.column_name is null
        or built.column_name is null
        or declared.data_type <> built.data_type

)

select * from final

{% endtest %}
