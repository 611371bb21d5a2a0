with

flagged as (

    select * from {{ ref('base_finance__fx_rates') }}

),

final as (

    select
        rate_date,
        currency,
        usd_per_unit,
        _loaded_at
    from flagged
    where quarantine_reason is null

)

select * from final
