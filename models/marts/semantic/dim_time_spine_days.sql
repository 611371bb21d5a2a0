{#-
    MetricFlow's time spine: one row per calendar day over the business calendar's range (vars
    calendar_start_date and calendar_end_date), taken from the calendar already built for the SLA
    business-day counts.
-#}
with

calendar_days as (

    select * from {{ ref('int_business_days_numbered') }}

),

final as (

    select cast(calendar_date as date) as date_day
    from calendar_days

)

select * from final
