{#-
    Events are the one large raw table: this base model is a table, not a view, so the deduplication
    window and key checks run once per build instead of once per downstream reader (three usage
    rollups and the data-quality marts).
-#}
{{ config(materialized='table') }}

with

source as (

    select * from {{ raw_events_source() }}

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

joined as (

    select
        renamed.*,
        (
            parent_account_id.account_id is null
            or (renamed.user_id is not null and parent_user_id.user_id is null)
            or (renamed.feature_key is not null and parent_feature_key.feature_key is null)
        ) as _has_orphan_key
    from renamed
    left join known_accounts as parent_account_id
        on renamed.account_id = parent_account_id.account_id
    left join known_users as parent_user_id
        on renamed.user_id = parent_user_id.user_id
    left join known_features as parent_feature_key
        on renamed.feature_key = parent_feature_key.feature_key

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
        event_id,
        account_id,
        user_id,
        event_name,
        feature_key,
        quantity,
        occurred_at,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
