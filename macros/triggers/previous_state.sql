{#
    The state/previous-state transition block every *_signals_observed model needs: the condition's
    value at the previous observation of the same partition, false when there is none. With
    `period` (e.g. 'month', 'day'), the previous observation only counts when it is exactly one
    period before this one (a gap means the condition did not hold then).
      condition_expression  boolean expression evaluated at each observation
      partition_by          column(s) of one series, e.g. 'account_id'
      order_by              the observation date of the series
#}
{% macro previous_state(condition_expression, partition_by, order_by, period=none) -%}
    coalesce(
        lag({{ condition_expression }}) over (partition by {{ partition_by }} order by {{ order_by }})
        {%- if period %}
            and lag({{ order_by }}) over (partition by {{ partition_by }} order by {{ order_by }})
            = cast({{ dbt.dateadd(period, -1, order_by) }} as date)
        {%- endif %},
        false
    )
{%- endmacro %}
