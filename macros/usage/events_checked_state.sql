{#
    Helpers of the incremental int_usage__events_checked (DuckDB; Spark rebuilds the table).

    parent_keys_digest(): one row, one text column `digest`, that changes whenever the set of account,
    user or feature keys an event's orphan check looks up changes (int_crm__accounts_cleaned,
    int_usage__users_cleaned, int_usage__features_cleaned). Each stored event carries the digest of the
    build that last checked it. While the digest stays the same no stored event's orphan check can
    come out differently, so an incremental run skips re-checking the stored events.
#}
{% macro parent_keys_digest() -%}
    select
        {{ dbt.concat(['accounts_digest.digest', "'|'", 'users_digest.digest', "'|'", 'features_digest.digest']) }}
            as digest
    from (
        select {{ key_set_digest('account_id') }} as digest from {{ ref('int_crm__accounts_cleaned') }}
    ) as accounts_digest
    cross join (
        select {{ key_set_digest('user_id') }} as digest from {{ ref('int_usage__users_cleaned') }}
    ) as users_digest
    cross join (
        select {{ key_set_digest('feature_key') }} as digest from {{ ref('int_usage__features_cleaned') }}
    ) as features_digest
{%- endmacro %}


{#
    An aggregate over the rows of one key column: the row count and two sums of independent 64-bit
    hashes (the key, and the key salted) reduced modulo 2^31 - 1, so the sums fit a bigint on any
    engine. Two different key sets give the same text with a probability of about 2^-62. Engines
    without a 64-bit hash give null, which never equals anything: the stored events are re-checked
    every run.
#}
{% macro key_set_digest(column) -%}
    {{ return(adapter.dispatch('key_set_digest', 'expansion_revenue')(column)) }}
{%- endmacro %}

{% macro default__key_set_digest(column) -%}
    cast(null as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__key_set_digest(column) -%}
    {{ hashed_key_set_digest(column) }}
{%- endmacro %}

{% macro spark__key_set_digest(column) -%}
    {{ hashed_key_set_digest(column) }}
{%- endmacro %}

{% macro hashed_key_set_digest(column) -%}
    {%- set salted = dbt.concat([column, "'#'"]) -%}
    {{ dbt.concat([
        'cast(count(' ~ column ~ ') as ' ~ dbt.type_string() ~ ')', "':'",
        'cast(coalesce(sum(' ~ bucket_hash(column) ~ ' % 2147483647), 0) as ' ~ dbt.type_string() ~ ')', "':'",
        'cast(coalesce(sum(' ~ bucket_hash(salted) ~ ' % 2147483647), 0) as ' ~ dbt.type_string() ~ ')'
    ]) }}
{%- endmacro %}


{#
    True unless this is an incremental run and the parent key digest now equals the one stored with
    the events the previous build checked (the rows with the latest `_checked_at`). Every build writes
    such rows: the lookback re-reads the last days' loads.
#}
{% macro parent_keys_changed() -%}
    {%- if not execute or not is_incremental() -%}{{ return(true) }}{%- endif -%}
    {#- a table built before the column existed: on_schema_change reports it -#}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if '_parent_keys_digest' not in columns -%}{{ return(true) }}{%- endif -%}
    {%- set now = run_query(parent_keys_digest()).columns[0].values()[0] -%}
    {%- set stored = run_query(
        'select _parent_keys_digest from ' ~ this
        ~ ' where _checked_at = (select max(_checked_at) from ' ~ this ~ ') limit 1'
    ).columns[0].values() -%}
    {{ return(now is none or stored | length == 0 or stored[0] is none or now != stored[0]) }}
{%- endmacro %}


{#
    Post-hook of the incremental int_usage__events_checked: after this run's rows were appended
    (`_checked_at` = build_instant), delete the stored rows they replace, in the model's transaction.
    1. Every older row loaded inside the lookback window (or without `_loaded_at`): the run re-read
       all of those loads from the raw files. A filter on two columns, no key lookup.
    2. The older copies of the stored rows the run re-emitted from before the window (copies of a
       re-synced event id, events whose orphan check changed). Those carry their stored `_loaded_at`,
       so when the run wrote no row loaded before the window there is nothing to look up; otherwise
       by event key (checked_event_key) among the rows loaded since the first of them (a literal:
       the scan skips the row groups of older loads), through the row ids. The portable form's
       key columns are not null-safe; only DuckDB builds this model incrementally.
    The window start is the model's own (newest stored `_loaded_at` minus usage_lookback_days), read
    from the older rows.
#}
{% macro delete_replaced_checked_events() -%}
    {%- if execute and is_incremental() -%}
        {%- set now = build_instant() -%}
        {%- set lookback_start = query_literal(
            'select ' ~ dbt.dateadd('day', -1 * var('usage_lookback_days'), 'max(_loaded_at)')
            ~ ' from ' ~ this ~ ' where _checked_at < ' ~ now,
            dbt.type_timestamp(),
            "cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")"
        ) -%}
        {%- set reemitted -%}
            select distinct {{ checked_event_key('written') }} as _event_key
            from {{ this }} as written
            where _checked_at = {{ now }} and _loaded_at <= {{ lookback_start }}
        {%- endset -%}
        {%- do run_query(
            'delete from ' ~ this ~ ' where _checked_at < ' ~ now
            ~ ' and (_loaded_at > ' ~ lookback_start ~ ' or _loaded_at is null)'
        ) -%}
        {#- a re-emitted row keeps its stored _loaded_at: no older copy was loaded before the first -#}
        {%- set first_reemitted = query_literal(
            'select min(_loaded_at) from ' ~ this ~ ' where _checked_at = ' ~ now
            ~ ' and _loaded_at <= ' ~ lookback_start,
            dbt.type_timestamp(),
            none
        ) -%}
        {%- if first_reemitted is not none -%}
            {%- do run_query(delete_stored_rows(
                this, ['event_id', '_no_id_key'],
                'from ' ~ this ~ ' as stored inner join (' ~ reemitted ~ ') as reemitted'
                ~ ' on ' ~ checked_event_key('stored') ~ ' = reemitted._event_key'
                ~ ' where stored._checked_at < ' ~ now
                ~ ' and stored._loaded_at >= ' ~ first_reemitted
            )) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#
    The rows of `relation` (events with their stored and new copies) with `_copy_rank`: 1 for the
    copy of an event id that wins (the latest `_loaded_at`; copies loaded at the same instant by
    their content, as flag_quarantine does: content_order_by), 2, 3, ... for the others, and 1 for a
    row without an id (a null id never matches). Copies are rare, so only the rows of ids seen more
    than once are ranked (a window over them); ids are grouped by a 64-bit hash, far cheaper than by
    the text, and a hash collision only sends a few more rows to the ranking, which compares ids.
#}
{% macro event_copies_ranked(relation) -%}
with

copied_id_hashes as (

    select {{ bucket_hash('event_id') }} as event_id_hash
    from {{ relation }}
    where event_id is not null
    group by {{ bucket_hash('event_id') }}
    having count(*) > 1

)

select
    {{ relation }}.*,
    1 as _copy_rank
from {{ relation }}
left join copied_id_hashes
    on case when {{ relation }}.event_id is not null then {{ bucket_hash(relation ~ '.event_id') }} end
        = copied_id_hashes.event_id_hash
where copied_id_hashes.event_id_hash is null

union all

select
    {{ relation }}.*,
    row_number() over (
        partition by {{ relation }}.event_id
        order by {{ relation }}._loaded_at desc, {{ content_order_by(
            ['account_id', 'user_id', 'event_name', 'event_name_original', 'feature_key', 'quantity', 'occurred_at'],
            relation,
        ) }}
    ) as _copy_rank
from {{ relation }}
inner join copied_id_hashes
    on {{ bucket_hash(relation ~ '.event_id') }} = copied_id_hashes.event_id_hash
where {{ relation }}.event_id is not null
{%- endmacro %}
