{#
    SLA status of one CSQL stage measured in business days: met / breached once the stage is done
    (done_condition), breached while still open in the stage once the limit has passed at the
    reporting date (as_of_day_number), pending before that, not_applicable when the stage was
    skipped or never reached.
#}
{% macro business_day_sla_status(done_condition, elapsed_days, open_stage, start_day_number, limit_days) -%}
    case
        when {{ done_condition }} and {{ elapsed_days }} <= {{ limit_days }} then 'met'
        when {{ done_condition }} then 'breached'
        when current_stage = '{{ open_stage }}' and as_of_day_number - {{ start_day_number }} > {{ limit_days }}
            then 'breached'
        when current_stage = '{{ open_stage }}' then 'pending'
        else 'not_applicable'
    end
{%- endmacro %}
