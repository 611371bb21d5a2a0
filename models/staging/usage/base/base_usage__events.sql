{#-
    Every raw event, typed, with the reason it is quarantined (null when clean): the one step that
    reads the raw events, incremental so a daily build reads only the new loads.

    Full refresh: every raw row. Incremental: the raw rows loaded after the newest `_loaded_at`
    already here minus `usage_lookback_days` (late or out-of-order commits), plus every stored copy
    of the event ids they carry (so the latest copy of a re-synced event wins exactly as in a full
    refresh) and every stored event whose orphan check would now come out differently (a parent
    that arrived or disappeared since). Those events are re-checked together and replace their
    stored rows (delete+insert on `_event_key`); `_checked_at` tells the usage rollups which
    account-months changed. The checks and their order are those of flag_quarantine.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='_event_key',
        on_schema_change='fail',
    )
}}
{%- set lookback_start -%}
    (select {{ dbt.dateadd('day', -1 * var('usage_lookback_days'), 'max(_loaded_at)') }} from {{ this }})
{%- endset %}

with

source as (

    select * from {{ raw_events_source() }}
    {%- if is_incremental() %}
    where _loaded_at > {{ lookback_start }}
    {%- endif %}

),

known_accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

known_users as (

    select distinct user_id from {{ ref('stg_usage__users') }}

),

known_features as (

    select distinct feature_key from {{ ref('stg_usage__features') }}

),

renamed as (

    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(event_name as {{ dbt.type_string() }}) as event_name,
        cast(feature_key as {{ dbt.type_string() }}) as feature_key,
        cast(quantity as {{ type_double() }}) as quantity,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

{%- if is_incremental() %}
stored as (

    select * from {{ this }}

),

orphans_changed as (

    select stored._event_key
    from stored
    left join known_accounts as parent_account_id
        on stored.account_id = parent_account_id.account_id
    left join known_users as parent_user_id
        on stored.user_id = parent_user_id.user_id
    left join known_features as parent_feature_key
        on stored.feature_key = parent_feature_key.feature_key
    where
        (stored.quarantine_reason is null or stored.quarantine_reason not in ('null_key', 'duplicate'))
        and coalesce(stored.quarantine_reason = 'orphan_key', false) <> (
            parent_account_id.account_id is null
            or (stored.user_id is not null and parent_user_id.user_id is null)
            or (stored.feature_key is not null and parent_feature_key.feature_key is null)
        )

),

keys_to_check as (

    select {{ usage_event_key('renamed') }} as _event_key from renamed
    union
    select _event_key from orphans_changed

),

{%- endif %}

to_check as (

    select * from renamed
    {%- if is_incremental() %}

    union all

    select
        stored.event_id,
        stored.account_id,
        stored.user_id,
        stored.event_name,
        stored.feature_key,
        stored.quantity,
        stored.occurred_at,
        stored._loaded_at
    from stored
    inner join keys_to_check
        on stored._event_key = keys_to_check._event_key
    where stored._loaded_at <= {{ lookback_start }}
    {%- endif %}

),

joined as (

    select
        to_check.*,
        (
            parent_account_id.account_id is null
            or (to_check.user_id is not null and parent_user_id.user_id is null)
            or (to_check.feature_key is not null and parent_feature_key.feature_key is null)
        ) as _has_orphan_key
    from to_check
    left join known_accounts as parent_account_id
        on to_check.account_id = parent_account_id.account_id
    left join known_users as parent_user_id
        on to_check.user_id = parent_user_id.user_id
    left join known_features as parent_feature_key
        on to_check.feature_key = parent_feature_key.feature_key

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['event_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('negative_quantity', "quantity < 0"),
            ('future_timestamp', is_after_load('occurred_at')),
        ],
    ) | indent(4) }}

),

final as (

    select
        flagged.event_id,
        flagged.account_id,
        flagged.user_id,
        flagged.event_name,
        flagged.feature_key,
        flagged.quantity,
        flagged.occurred_at,
        flagged._loaded_at,
        flagged._record_key,
        flagged.quarantine_reason,
        {{ usage_event_key('flagged') }} as _event_key,
        {{ build_instant() }} as _checked_at
    from flagged

)

select * from final
