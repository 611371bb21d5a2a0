{#-
    Every row of int_usage__events_checked has exactly one key an incremental run replaces it by:
    its event id, or (no id) `_no_id_key`; and a quarantined row reports its record key. Returns the
    rows that break this.
-#}
with

checked as (

    select * from {{ ref('int_usage__events_checked') }}

),

final as (

    select
        event_id,
        _no_id_key,
        _record_key,
        quarantine_reason
    from checked
    where
        (event_id is null) = (_no_id_key is null)
        or (quarantine_reason is not null and coalesce(_record_key, '') <> coalesce(event_id, ''))
        or (quarantine_reason is null and _record_key is not null)

)

select * from final
