{#- The rows of usage.users that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_usage__users_checked') }}

),

final as (

    select
        user_id,
        account_id,
        email_hash,
        department,
        role,
        created_at,
        deactivated_at,
        invited_by_user_id,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
