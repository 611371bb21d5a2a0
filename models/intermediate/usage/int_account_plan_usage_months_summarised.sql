{#-
    One row per account and month with usage days: what the monthly usage signals take from the days
    joined to plans, computed once for the triggers and the scores that both read it. Month-end
    utilisation of the metered allowance (the highest month-to-date figure), the most seats licensed
    on a usage day, and active-user days (daily active users summed over the month).
-#}
with

usage_days as (

    select * from {{ ref('int_account_usage_days_joined_to_plans') }}

),

final as (

    select
        account_id,
        usage_month,
        cast(max(usage_limit_utilisation_mtd) as {{ type_double() }}) as month_end_usage_utilisation,
        cast(max(licensed_seats) as {{ type_double() }}) as licensed_seats,
        cast(sum(active_users) as {{ dbt.type_bigint() }}) as active_user_days
    from usage_days
    group by account_id, usage_month

)

select * from final
