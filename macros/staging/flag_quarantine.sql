{#
    Adds `_record_key`, `quarantine_reason` and `quarantine_column` to every row of `relation` (a CTE
    name). Row-level checks only (staging); the cross-table checks run in the data-quality area.

    Checks run in a fixed order and the first that matches is reported:
      1. null_key      - a primary-key column is null
      2. duplicate     - an older copy of a re-synced key: per key the row with the latest _loaded_at
                         wins; copies loaded at the same instant are ordered by `tiebreak`, then by
                         their content (content_order_by): never by the order of the rows in a file
      3. invalid_type  - a value that does not parse as its contract type (`_invalid_type_column`,
                         see first_invalid_column, names the column)
      4. the model's own `checks`, a list of (reason_code, boolean sql, column name) triples, in order.
    Clean rows get null reason and column.

    `rank_copies=false` leaves check 2 out (no `_copy_rank`, no window over the relation): for
    stg_usage__events, whose copies are ranked by the incremental int_usage__events_checked over the
    new loads and the stored copies of their keys (a window here would re-read every raw event).
#}
{% macro flag_quarantine(relation, key_columns, checks=[], tiebreak=[], rank_copies=true) -%}
    {%- set null_key -%}
        {% for column in key_columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
    {%- endset -%}
    {%- set rules = [('null_key', null_key, none)] -%}
    {%- if rank_copies -%}
        {%- do rules.append(('duplicate', '_copy_rank > 1', none)) -%}
    {%- endif -%}
    {%- do rules.append(('invalid_type', '_invalid_type_column is not null', '_invalid_type_column')) -%}
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
            {{ record_key(key_columns) }} as _record_key{% if rank_copies %},
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _loaded_at desc{% for column in tiebreak %}, {{ column }}{% endfor %},
                    {{ content_order_by(content_columns(key_columns + ['_loaded_at'])) }}
            ) as _copy_rank{% endif %}
        from {{ relation }}
    ) as ranked
{%- endmacro %}


{#
    The current staging model's declared columns (its property file, in that order) but `exclude` and
    the bookkeeping columns flag_quarantine adds: the content two copies of a key are compared on.
    A staging model must declare its columns; a dbt unit test (which has none) compares none.
#}
{% macro content_columns(exclude=[]) -%}
    {%- if model.resource_type == 'unit_test' -%}{{ return([]) }}{%- endif -%}
    {%- set added = ['_record_key', 'quarantine_reason', 'quarantine_column'] -%}
    {%- set columns = [] -%}
    {%- for name in model.columns if name not in exclude and name not in added -%}
        {%- do columns.append(name) -%}
    {%- endfor -%}
    {%- if execute and columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ': flag_quarantine ranks copies by their content and needs the columns of the model declared'
        ) }}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}


{#
    Order-by sql that sorts copies of a key loaded at the same instant by their content: each column,
    ascending, nulls last (the same on every engine). The copy that sorts first wins; equal rows are
    identical copies, so which one is kept does not matter. `relation` qualifies the columns.
#}
{% macro content_order_by(columns, relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in columns -%}
        {{ prefix }}{{ column }} asc nulls last{% if not loop.last %}, {% endif %}
    {%- endfor -%}
    {%- if columns | length == 0 %}_loaded_at{% endif -%}
{%- endmacro %}


{# Boolean sql: `column` is later than the row's _loaded_at plus the clock-skew tolerance. #}
{% macro is_after_load(column) -%}
    {{ column }} > {{ dbt.dateadd('minute', var('future_timestamp_tolerance_minutes'), '_loaded_at') }}
{%- endmacro %}
