{#
    Reading and deleting a few rows of a large stored table by what a join finds. DuckDB finds the
    row ids over the columns the join needs, then reads or deletes just those rows; a plain join or a
    correlated `not exists` would read every column, or group every key, of every stored row first.
    Used by the incremental models' statements and pre-hooks (DuckDB; other engines rebuild those
    tables, and get a portable form).
#}


{#
    The rows of `relation` whose `key` is in `keys` (a relation or CTE with that column) and that meet
    `condition` (on alias `stored`). `stored_key`: the stored rows' key, an expression on `stored`
    (default the column `key`). DuckDB finds the row ids over the key columns alone, then reads
    the whole rows of those few: a join would read every column of every stored row first.
#}
{% macro stored_rows_with_keys(relation, key, keys, condition='true', stored_key=none) -%}
    {{ return(adapter.dispatch('stored_rows_with_keys', 'expansion_revenue')(
        relation, key, keys, condition, stored_key or 'stored.' ~ key
    )) }}
{%- endmacro %}

{% macro default__stored_rows_with_keys(relation, key, keys, condition, stored_key) -%}
    select stored.*
    from {{ relation }} as stored
    inner join {{ keys }} as wanted
        on {{ stored_key }} = wanted.{{ key }}
    where {{ condition }}
{%- endmacro %}

{% macro duckdb__stored_rows_with_keys(relation, key, keys, condition, stored_key) -%}
    select *
    from {{ relation }}
    where rowid in (
        select stored.rowid
        from {{ relation }} as stored
        inner join {{ keys }} as wanted
            on {{ stored_key }} = wanted.{{ key }}
        where {{ condition }}
    )
{%- endmacro %}


{#
    Delete from `relation` the rows that `rows_from` finds: a `from ... where ...` clause over
    `relation` as `stored` (joins allowed). `key_columns` identify a row (for the portable form).
#}
{% macro delete_stored_rows(relation, key_columns, rows_from) -%}
    {{ return(adapter.dispatch('delete_stored_rows', 'expansion_revenue')(relation, key_columns, rows_from)) }}
{%- endmacro %}

{% macro default__delete_stored_rows(relation, key_columns, rows_from) -%}
    delete from {{ relation }}
    where exists (
        select 1
        from (
            select {% for key in key_columns %}stored.{{ key }}{% if not loop.last %}, {% endif %}{% endfor %}
            {{ rows_from }}
        ) as found
        where {% for key in key_columns %}found.{{ key }} = {{ relation }}.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
    )
{%- endmacro %}

{% macro duckdb__delete_stored_rows(relation, key_columns, rows_from) -%}
    delete from {{ relation }}
    where rowid in (
        select stored.rowid
        {{ rows_from }}
    )
{%- endmacro %}


{#
    Stop an incremental run of a model whose stored table predates bookkeeping `columns` it reads
    from its own rows (its incremental SQL would fail on them), with the command that fixes it.
#}
{% macro require_stored_columns(columns) -%}
    {%- if execute and is_incremental() -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set missing = columns | reject('in', stored) | list -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' was built before its columns ' ~ missing | join(', ') ~ ' existed: rebuild it with '
                ~ 'dbt build --full-refresh --select ' ~ this.identifier ~ '+'
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
