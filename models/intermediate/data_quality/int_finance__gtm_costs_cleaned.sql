{#- The rows of finance.gtm_costs that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_finance__gtm_costs_checked') }}

),

final as (

    select
        cost_month,
        team,
        team_original,
        motion,
        motion_original,
        amount_usd,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
