{#
    Rank of a contact seniority level, from var seniority_levels (lowest first, rank 1): the one
    place the ordering ic < manager < director < vp < c_level is written. Null for other values.
#}
{% macro seniority_rank(seniority_expression) -%}
    case {{ seniority_expression }}
        {%- for level in var('seniority_levels') %}
            when '{{ level }}' then {{ loop.index }}
        {%- endfor %}
    end
{%- endmacro %}
