{#
    Keyed hash of a personal value (email, name, phone number): HMAC-SHA256 in hex over the value
    normalised in Python (NFKC, case-folded, trimmed, inner spaces collapsed; erw/pii.py), so the same
    email hashes identically in product users and CRM contacts. Nulls stay null.

    erw_pii_hmac() is a function the build process registers with the key it read (DuckDB: the
    profile's plugin erw.duckdb_pii_plugin; Spark: erw.spark_dbt). The key never appears in SQL, so
    a model calling this macro must be a table: a view would not work for a reader without the key.
    Both engines call the same Python function, so hashes agree across engines.
#}
{% macro hash_pii(column) -%}
    {%- if execute and model is defined and model.config.materialized == 'view' -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ' hashes PII, so it must be materialized as a table (the hash function exists only in the build process)'
        ) }}
    {%- endif -%}
    erw_pii_hmac(cast({{ column }} as {{ dbt.type_string() }}))
{%- endmacro %}
