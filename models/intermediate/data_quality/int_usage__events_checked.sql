{#-
    Every row of stg_usage__events with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys).
    Materialized once; int_usage__events_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_usage__events') }}

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

final as (

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
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_account_id.account_id is null then 'orphan_key'
            when staged.user_id is not null and parent_user_id.user_id is null then 'orphan_key'
            when staged.feature_key is not null and parent_feature_key.feature_key is null then 'orphan_key'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_account_id.account_id is null then 'account_id'
            when staged.user_id is not null and parent_user_id.user_id is null then 'user_id'
            when staged.feature_key is not null and parent_feature_key.feature_key is null then 'feature_key'
        end as quarantine_column
    from staged
    left join accounts as parent_account_id
        on staged.account_id = parent_account_id.account_id
    left join users as parent_user_id
        on staged.user_id = parent_user_id.user_id
    left join features as parent_feature_key
        on staged.feature_key = parent_feature_key.feature_key

)

select * from final
