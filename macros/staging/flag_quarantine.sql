{#
    Adds `_record_key` and `quarantine_reason` to every row of `relation` (a CTE name).

    Checks run in a fixed order and the first that matches is reported:
      1. null_key   - a primary-key column is null
      2. duplicate  - an older copy of a re-synced key: per key the row with the latest _loaded_at
                      wins (ties broken by `tiebreak`, then arbitrarily among identical copies)
      3. the model's own `checks`, a list of (reason_code, boolean sql) pairs, in order.
    Clean rows get a null reason. Staging models keep the clean rows; the data-quality marts list
    the others, so nothing is dropped silently.
#}
{% macro flag_quarantine(relation, key_columns, checks=[], tiebreak=[]) -%}
    select
        {{ relation }}.*,
        {{ record_key(key_columns) }} as _record_key,
        case
            when {% for column in key_columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
                then 'null_key'
            when row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _loaded_at desc{% for column in tiebreak %}, {{ column }}{% endfor %}
            ) > 1
                then 'duplicate'
            {%- for reason, condition in checks %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
        end as quarantine_reason
    from {{ relation }}
{%- endmacro %}


{# Boolean sql: `column` is later than the row's _loaded_at plus the clock-skew tolerance. #}
{% macro is_after_load(column) -%}
    {{ column }} > {{ dbt.dateadd('minute', var('future_timestamp_tolerance_minutes'), '_loaded_at') }}
{%- endmacro %}
