{#- Values of `column_name` outside [min_value, max_value] (nulls pass). -#}
{% test column_in_range(model, column_name, min_value, max_value) %}

with

final as (

    select {{ column_name }} as value_out_of_range
    from {{ model }}
    where {{ column_name }} < {{ min_value }}
        or {{ column_name }} > {{ max_value }}

)

select * from final

{% endtest %}
