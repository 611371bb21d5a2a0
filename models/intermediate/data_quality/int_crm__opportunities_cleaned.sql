{#- The rows of crm.opportunities that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_crm__opportunities_checked') }}

),

final as (

    select
        opportunity_id,
        account_id,
        opportunity_type,
        opportunity_type_original,
        expansion_type,
        source,
        source_original,
        amount_arr,
        currency,
        stage,
        created_at,
        closed_at,
        is_closed,
        is_won,
        loss_reason,
        csql_id,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
