{#
    Casts that never fail: a value that does not parse becomes null (and the staging model holds the
    row as `invalid_type`, naming the column, instead of stopping the build).
#}
{% macro cast_or_null(column, data_type) -%}
    {{ return(adapter.dispatch('cast_or_null', 'expansion_revenue')(column, data_type)) }}
{%- endmacro %}

{% macro default__cast_or_null(column, data_type) -%}
    {{ dbt.safe_cast(column, data_type) }}
{%- endmacro %}

{#
    Timestamps: every value is read as UTC. A value written with an offset (`2024-03-01T10:00:00+02:00`,
    `...Z`, `... -0500`, `+02`, a space before the offset allowed) is the instant it names, converted
    to UTC (08:00 here); a value without one is already UTC and stays as written. On DuckDB a text
    value is parsed as `timestamptz` only when it ends in an offset (timestamp_offset_pattern), so the
    session time zone never shifts a value; a `timestamp with time zone` column (a tz-aware Parquet
    file) is converted to UTC too. `typeof` folds to a constant, so a typed `timestamp` column costs
    nothing extra.
#}
{% macro duckdb__cast_or_null(column, data_type) -%}
    {%- if data_type | lower == dbt.type_timestamp() | lower -%}
    case
        when typeof({{ column }}) = 'TIMESTAMP WITH TIME ZONE'
            then timezone('UTC', try_cast({{ column }} as timestamptz))
        when typeof({{ column }}) = 'VARCHAR'
            and regexp_matches(trim(cast({{ column }} as varchar)), '{{ timestamp_offset_pattern() }}')
            then timezone('UTC', try_cast(
                regexp_replace(upper(trim(cast({{ column }} as varchar))), ' ([+-])', '\1') as timestamptz
            ))
        else try_cast({{ column }} as {{ data_type }})
    end
    {%- else -%}
    try_cast({{ column }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}


{#
    A regular expression (no backslash, the same text on every engine) matching a timestamp text that
    ends in a UTC offset: a time (hh:mm[:ss[.fff]]), an optional space, then `Z`/`z`, `+hh`, `+hhmm`
    or `+hh:mm` (or `-`).
#}
{% macro timestamp_offset_pattern() -%}
    [0-9]:[0-9]{2}(:[0-9]{2}([.][0-9]*)?)? ?([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$
{%- endmacro %}

{% macro snowflake__cast_or_null(column, data_type) -%}
    try_cast(cast({{ column }} as {{ dbt.type_string() }}) as {{ data_type }})
{%- endmacro %}

{% macro bigquery__cast_or_null(column, data_type) -%}
    safe_cast({{ column }} as {{ data_type }})
{%- endmacro %}


{#
    Sql naming the first of `typed_columns` ((name, type) pairs) whose raw value is present but does
    not parse as its type; null when every value parses.
#}
{% macro first_invalid_column(typed_columns) -%}
    {%- if typed_columns | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        case
            {%- for column, data_type in typed_columns %}
            when {{ column }} is not null and {{ cast_or_null(column, data_type) }} is null then '{{ column }}'
            {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}

{#
    Spark 4 casts are ANSI (a bad value fails the query); try_cast returns null instead. A text
    timestamp with an offset is the instant it names (Spark's cast honours `Z`, `+hh`, `+hhmm`,
    `+hh:mm`; a lowercase `z` is made `Z`); one without is read in the session time zone, UTC in the
    `spark` profile, so it stays as written. Only text values go through the string work.
#}
{% macro spark__cast_or_null(column, data_type) -%}
    {%- if data_type | lower == dbt.type_timestamp() | lower -%}
    case
        when typeof({{ column }}) = 'string'
            and cast({{ column }} as string) rlike '{{ timestamp_offset_pattern() }}'
            then try_cast(upper(trim(cast({{ column }} as string))) as {{ data_type }})
        else try_cast({{ column }} as {{ data_type }})
    end
    {%- else -%}
    try_cast({{ column }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}
