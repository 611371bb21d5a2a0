{#-
    Every row of stg_usage__events with its final quarantine reason, in flag_quarantine's order:
    null_key, duplicate (an older copy of a re-synced event_id: the latest _loaded_at wins), the other
    row-level reasons from staging, then the cross-table check (orphan keys). Staging leaves the
    duplicate ranking to this step (rank_copies=false) so it can run incrementally.

    Incremental, the one step of the usage path that reads the raw events: a full refresh checks every
    raw row; an incremental run checks only the rows loaded after the newest `_loaded_at` already here
    minus `usage_lookback_days` (late and out-of-order loads), together with every stored copy of the
    event ids they carry (so the latest copy wins exactly as in a full refresh) and every stored event
    whose orphan check now comes out differently (a parent that arrived or disappeared). Those are
    appended, and the post-hook (delete_replaced_checked_events) deletes the stored rows they replace;
    the rest is never rewritten. `_checked_at` tells the usage rollups which account-months changed.
    Spark: a table rebuilt each run.

    Rows are replaced by their event key (macro checked_event_key): the event id, or for a row without
    one `_no_id_key`, a digest of the row. The key is not stored a second time for the rows that have
    an id, nor `_record_key` (the event id again) for the rows that pass: three copies of a unique
    id per event were a fifth of this model's build time.

    The stored events are re-checked for orphans only when the parent key sets changed since the last
    build (`_parent_keys_digest`, macro parent_keys_digest): an unchanged CRM and users export costs no
    scan of the stored events.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        post_hook="{{ delete_replaced_checked_events() }}",
    )
}}
{#- a literal, read before the run, so the parquet scan prunes the load files and row groups by it -#}
{%- set lookback_start = stored_instant(
    dbt.dateadd('day', -1 * var('usage_lookback_days'), 'max(_loaded_at)')
) if is_incremental() else none %}
{%- set recheck_stored_orphans = parent_keys_changed() %}
{{- require_stored_columns(['_no_id_key']) }}

with

staged as {{ inline_cte() }} (

    select * from {{ ref('stg_usage__events') }}
    {%- if is_incremental() %}
    where _loaded_at > {{ lookback_start }} or _loaded_at is null
    {%- endif %}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

users as (

    select user_id from {{ ref('int_usage__users_cleaned') }}

),

features as (

    select feature_key from {{ ref('int_usage__features_cleaned') }}

),

parent_keys as (

    {{ parent_keys_digest() | indent(4) }}

),

new_rows as {{ inline_cte() }} (

    select
        staged.event_id,
        staged.account_id,
        staged.user_id,
        staged.event_name,
        staged.event_name_original,
        staged.feature_key,
        staged.quantity,
        staged.occurred_at,
        staged._loaded_at,
        staged._record_key,
        staged.quarantine_reason as _staging_reason,
        staged.quarantine_column as _staging_column,
        {{ usage_event_key('staged') }} as _event_key
    from staged

),

{%- if is_incremental() %}

{%- if recheck_stored_orphans %}

orphans_changed as (

    select {{ checked_event_key('stored') }} as _event_key
    from {{ this }} as stored
    left join accounts as parent_account_id
        on stored.account_id = parent_account_id.account_id
    left join users as parent_user_id
        on stored.user_id = parent_user_id.user_id
    left join features as parent_feature_key
        on stored.feature_key = parent_feature_key.feature_key
    where
        coalesce(stored.quarantine_reason, 'orphan_key') = 'orphan_key'
        and coalesce(stored.quarantine_reason = 'orphan_key', false) <> (
            parent_account_id.account_id is null
            or (stored.user_id is not null and parent_user_id.user_id is null)
            or (stored.feature_key is not null and parent_feature_key.feature_key is null)
        )

),

{%- endif %}

keys_to_check as (

    select _event_key from new_rows
    {%- if recheck_stored_orphans %}
    union
    select _event_key from orphans_changed
    {%- endif %}

),

{%- endif %}

to_check as {% if not is_incremental() %}{{ inline_cte() }}{% endif %} (

    {#- a full refresh checks every raw row: inline; an incremental run a few: computed once #}
    select * from new_rows
    {%- if is_incremental() %}

    union all

    select
        stored.event_id,
        stored.account_id,
        stored.user_id,
        stored.event_name,
        stored.event_name_original,
        stored.feature_key,
        stored.quantity,
        stored.occurred_at,
        stored._loaded_at,
        {{ record_key(['stored.event_id']) }} as _record_key,
        stored._staging_reason,
        stored._staging_column,
        {{ checked_event_key('stored') }} as _event_key
    from (
        {{ stored_rows_with_keys(
            this, '_event_key', 'keys_to_check', 'stored._loaded_at <= ' ~ lookback_start,
            stored_key=checked_event_key('stored'),
        ) | indent(8) }}
    ) as stored
    {%- endif %}

),

ranked as (

    {{ event_copies_ranked('to_check') | indent(4) }}

),

checked as (

    select
        ranked.event_id,
        ranked.account_id,
        ranked.user_id,
        ranked.event_name,
        ranked.event_name_original,
        ranked.feature_key,
        ranked.quantity,
        ranked.occurred_at,
        ranked._loaded_at,
        ranked._record_key,
        case
            when ranked._staging_reason = 'null_key' then 'null_key'
            when ranked._copy_rank > 1 then 'duplicate'
            when ranked._staging_reason is not null then ranked._staging_reason
            when parent_account_id.account_id is null then 'orphan_key'
            when ranked.user_id is not null and parent_user_id.user_id is null then 'orphan_key'
            when ranked.feature_key is not null and parent_feature_key.feature_key is null then 'orphan_key'
        end as quarantine_reason,
        case
            when ranked._staging_reason = 'null_key' or ranked._copy_rank > 1 then null
            when ranked._staging_reason is not null then ranked._staging_column
            when parent_account_id.account_id is null then 'account_id'
            when ranked.user_id is not null and parent_user_id.user_id is null then 'user_id'
            when ranked.feature_key is not null and parent_feature_key.feature_key is null then 'feature_key'
        end as quarantine_column,
        ranked._staging_reason,
        ranked._staging_column,
        ranked._event_key,
        {{ build_instant() }} as _checked_at,
        parent_keys.digest as _parent_keys_digest
    from ranked
    cross join parent_keys
    left join accounts as parent_account_id
        on ranked.account_id = parent_account_id.account_id
    left join users as parent_user_id
        on ranked.user_id = parent_user_id.user_id
    left join features as parent_feature_key
        on ranked.feature_key = parent_feature_key.feature_key

),

final as (

    {#- each event's id is stored once: the record key only where a row is held back, the no-id key
        only where there is no id #}
    select
        event_id,
        account_id,
        user_id,
        event_name,
        event_name_original,
        feature_key,
        quantity,
        occurred_at,
        _loaded_at,
        quarantine_reason,
        quarantine_column,
        _staging_reason,
        _staging_column,
        _checked_at,
        _parent_keys_digest,
        case when quarantine_reason is not null then _record_key end as _record_key,
        case when event_id is null then _event_key end as _no_id_key
    from checked

)

select * from final
