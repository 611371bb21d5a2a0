with

flagged as (

    select * from {{ ref('base_usage__events') }}

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
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
