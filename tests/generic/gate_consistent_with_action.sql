{#-
    Activation first: a row that fails the readiness gate must be recommended `monitor`, and a row
    handed to sales must pass the gate. Returns the offending rows.
-#}
{% test gate_consistent_with_action(model) %}

with

final as (

    select *
    from {{ model }}
    where (not passes_gate and recommended_action <> 'monitor')
        or (hand_to_sales and not passes_gate)

)

select * from final

{% endtest %}
