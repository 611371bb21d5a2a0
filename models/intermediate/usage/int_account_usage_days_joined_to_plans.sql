{#-
    Daily account usage next to what the account has bought that day: metered units month to date
    against the monthly included units of its active plans, and active users against licensed seats.
    A view over the incremental rollup, so billing corrections show up without reprocessing events.
-#}
{{ config(materialized='view') }}

with

usage_days as (

    select * from {{ ref('int_account_usage_days_aggregated') }}

),

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

entitlements_on_day as (

    select
        usage_days.account_id,
        usage_days.usage_date,
        sum(subscription_items.usage_limit_units) as included_usage_units,
        sum(case when subscription_items.pricing_model = 'per_seat' then subscription_items.quantity end)
            as licensed_seats
    from usage_days
    inner join subscription_items
        on usage_days.account_id = subscription_items.account_id
            and usage_days.usage_date >= subscription_items.valid_from_date
            and (
                usage_days.usage_date < subscription_items.valid_to_date
                or subscription_items.valid_to_date is null
            )
    group by usage_days.account_id, usage_days.usage_date

),

final as (

    select
        usage_days.*,
        cast(entitlements_on_day.included_usage_units as {{ type_double() }}) as included_usage_units,
        cast(
            case
                when entitlements_on_day.included_usage_units > 0
                    then usage_days.metered_units_mtd / entitlements_on_day.included_usage_units
            end as {{ type_double() }}
        ) as usage_limit_utilisation_mtd,
        cast(entitlements_on_day.licensed_seats as {{ type_double() }}) as licensed_seats,
        cast(
            case
                when entitlements_on_day.licensed_seats > 0
                    then usage_days.active_users / entitlements_on_day.licensed_seats
            end as {{ type_double() }}
        ) as active_users_per_seat
    from usage_days
    left join entitlements_on_day
        on usage_days.account_id = entitlements_on_day.account_id
            and usage_days.usage_date = entitlements_on_day.usage_date

)

select * from final
