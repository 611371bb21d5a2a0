with

flagged as (

    select * from {{ ref('base_finance__gtm_costs') }}

),

final as (

    select
        cost_month,
        team,
        motion,
        amount_usd,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
