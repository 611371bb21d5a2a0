{#
    Salted one-way hash of a PII value (emails, names). Values are trimmed and lowercased first so
    the same email hashes identically across systems (product users vs CRM contacts).
    The salt is the `pii_salt` var (env ERW_PII_SALT). Nulls stay null.
#}
{% macro hash_pii(column) -%}
    {{ return(adapter.dispatch('hash_pii', 'expansion_revenue')(column)) }}
{%- endmacro %}

{% macro default__hash_pii(column) -%}
    case when {{ column }} is not null then
        {{ dbt.hash(dbt.concat(["'" ~ var('pii_salt') ~ "'", "lower(trim(" ~ column ~ "))"])) }}
    end
{%- endmacro %}

{% macro duckdb__hash_pii(column) -%}
    case when {{ column }} is not null then
        sha256({{ dbt.concat(["'" ~ var('pii_salt') ~ "'", "lower(trim(" ~ column ~ "))"]) }})
    end
{%- endmacro %}

{# The same SHA-256 hex digest as DuckDB's sha256(), so hashes agree across engines. #}
{% macro spark__hash_pii(column) -%}
    case when {{ column }} is not null then
        sha2({{ dbt.concat(["'" ~ var('pii_salt') ~ "'", "lower(trim(" ~ column ~ "))"]) }}, 256)
    end
{%- endmacro %}
