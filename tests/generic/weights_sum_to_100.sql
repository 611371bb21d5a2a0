{#- Weights of each `group_by` group must add up to exactly 100. Returns the groups that do not. -#}
{% test weights_sum_to_100(model, column_name, group_by) %}

with

summed as (

    select
        {{ group_by | join(', ') }},
        sum({{ column_name }}) as total_weight
    from {{ model }}
    group by {{ group_by | join(', ') }}

),

final as (

    select * from summed
    where total_weight <> 100

)

select * from final

{% endtest %}
