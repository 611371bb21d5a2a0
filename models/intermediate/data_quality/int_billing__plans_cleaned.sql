{#- The rows of billing.plans that passed every check (row-level and cross-table). -#}
{{ config(materialized='view') }}
with

checked as (

    select * from {{ ref('int_billing__plans_checked') }}

),

final as (

    select
        plan_id,
        product_id,
        plan_name,
        tier,
        tier_rank,
        billing_interval_months,
        pricing_model,
        pricing_model_original,
        list_unit_price,
        currency,
        included_seats,
        usage_limit_units,
        _loaded_at
    from checked
    where quarantine_reason is null

)

select * from final
