{#
    Adds `_record_key`, `quarantine_reason` and `quarantine_column` to every row of `relation` (a CTE
    name). Row-level checks only (staging); the cross-table checks run in the data-quality area.

    Checks run in a fixed order and the first that matches is reported:
      1. null_key      - a primary-key column is null
      2. duplicate     - an older copy of a re-synced key: per key the row with the latest _loaded_at
                         wins (ties broken by `tiebreak`, then arbitrarily among identical copies)
      3. invalid_type  - a value that does not parse as its contract type (`_invalid_type_column`,
                         see first_invalid_column, names the column)
      4. the model's own `checks`, a list of (reason_code, boolean sql, column name) triples, in order.
    Clean rows get null reason and column.
#}
{% macro flag_quarantine(relation, key_columns, checks=[], tiebreak=[]) -%}
    {%- set null_key -%}
        {% for column in key_columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
    {%- endset -%}
    {%- set rules = [('null_key', null_key, none), ('duplicate', '_copy_rank > 1', none),
                     ('invalid_type', '_invalid_type_column is not null', '_invalid_type_column')] -%}
    {%- for reason, condition, column in checks -%}
        {%- do rules.append((reason, condition, "'" ~ column ~ "'")) -%}
    {%- endfor -%}
    select
        ranked.*,
        case
            {%- for reason, condition, column in rules %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
        end as quarantine_reason,
        case
            {%- for reason, condition, column in rules %}
            when {{ condition }} then {{ column or 'null' }}
            {%- endfor %}
        end as quarantine_column
    from (
        select
            {{ relation }}.*,
            {{ record_key(key_columns) }} as _record_key,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _loaded_at desc{% for column in tiebreak %}, {{ column }}{% endfor %}
            ) as _copy_rank
        from {{ relation }}
    ) as ranked
{%- endmacro %}


{# Boolean sql: `column` is later than the row's _loaded_at plus the clock-skew tolerance. #}
{% macro is_after_load(column) -%}
    {{ column }} > {{ dbt.dateadd('minute', var('future_timestamp_tolerance_minutes'), '_loaded_at') }}
{%- endmacro %}
