{#
    A cheap, non-cryptographic 64-bit hash of `expression`, to narrow a large set of keys to the few
    that may repeat (group by the hash instead of a long string). Equal values always hash equally;
    different values may collide, so a caller must still compare the keys themselves afterwards.
    dbt.hash (md5 text) is the portable fallback.
#}
{% macro bucket_hash(expression) -%}
    {{ return(adapter.dispatch('bucket_hash', 'expansion_revenue')(expression)) }}
{%- endmacro %}

{% macro default__bucket_hash(expression) -%}
    {{ dbt.hash(expression) }}
{%- endmacro %}

{% macro duckdb__bucket_hash(expression) -%}
    hash({{ expression }})
{%- endmacro %}

{% macro spark__bucket_hash(expression) -%}
    xxhash64({{ expression }})
{%- endmacro %}
