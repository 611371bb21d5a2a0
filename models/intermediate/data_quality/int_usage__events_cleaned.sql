{#- The rows of usage.events that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_usage__events_checked') }}

),

final as (

    select
        event_id,
        account_id,
        user_id,
        event_name,
        event_name_original,
        feature_key,
        quantity,
        occurred_at,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
