{#
    The column list every *_signals_observed model ends with, cast to the shared types, selected from
    the CTEs given (union all). One place for the observation contract that the firing walk reads.
#}
{% macro select_observations(ctes) -%}
    {%- for cte in ctes %}
        select
            account_id,
            trigger_key,
            cast(observed_at as {{ dbt.type_timestamp() }}) as observed_at,
            is_condition_met,
            was_condition_met,
            cast(signal_value as {{ type_double() }}) as signal_value,
            cast(threshold_value as {{ type_double() }}) as threshold_value,
            signal_detail
        from {{ cte }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
