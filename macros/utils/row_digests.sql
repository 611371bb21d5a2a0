{#
    Digests that tell an incremental model its non-usage inputs changed (DuckDB; see key_set_digest).

    row_text(columns): one text per row, each column cast to text, null as '', joined by '|'.
    account_row_digests(relation, columns): per account_id of `relation`, key_set_digest of the
    row_text of `columns` over its rows: another value means a row was added, removed or changed.
#}
{% macro row_text(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first %}{% do parts.append("'|'") %}{% endif -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
    {%- endfor -%}
    {{ return(dbt.concat(parts)) }}
{%- endmacro %}


{% macro account_row_digests(relation, columns) -%}
    select
        account_id,
        {{ key_set_digest(row_text(columns)) }} as digest
    from {{ relation }}
    group by account_id
{%- endmacro %}
