{#- The rows of finance.fx_rates that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_finance__fx_rates_checked') }}

),

final as (

    select
        rate_date,
        currency,
        usd_per_unit,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
