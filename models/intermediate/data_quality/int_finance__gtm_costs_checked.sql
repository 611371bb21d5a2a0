{#-
    Every row of stg_finance__gtm_costs with its final quarantine reason: the row-level reason from
    staging, else the no cross-table check applies to this table; rows pass through.
    Materialized once; int_finance__gtm_costs_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_finance__gtm_costs') }}

),

final as (

    select
        staged.cost_month,
        staged.team,
        staged.team_original,
        staged.motion,
        staged.motion_original,
        staged.amount_usd,
        staged._loaded_at,
        staged._record_key,
        staged.quarantine_reason,
        staged.quarantine_column
    from staged

)

select * from final
