{#-
    One row per calendar day between the calendar_start_date and calendar_end_date vars, flagged as
    weekend, holiday (business_holidays seed, calendar chosen by the business_calendar_code var) or
    business day, with a running count of business days. The business days elapsed between two
    timestamps are the difference of the running counts of their dates: the number of business days
    after the start date up to and including the end date.
-#}
with

holidays as (

    select * from {{ ref('business_holidays') }}

),

days as (

    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('calendar_start_date') ~ "' as date)",
        "cast('" ~ var('calendar_end_date') ~ "' as date)"
    ) }}

),

selected_holidays as (

    select
        holiday_date,
        min(holiday_name) as holiday_name
    from holidays
    where calendar_code = '{{ var("business_calendar_code") }}'
    group by holiday_date

),

flagged as (

    select
        cast(days.date_day as date) as calendar_date,
        {{ is_weekend('cast(days.date_day as date)') }} as is_weekend,
        selected_holidays.holiday_date is not null as is_holiday,
        selected_holidays.holiday_name
    from days
    left join selected_holidays
        on cast(days.date_day as date) = selected_holidays.holiday_date

),

final as (

    select
        calendar_date,
        is_weekend,
        is_holiday,
        holiday_name,
        not is_weekend and not is_holiday as is_business_day,
        cast(
            sum(case when not is_weekend and not is_holiday then 1 else 0 end)
                over (order by calendar_date rows between unbounded preceding and current row)
            as {{ dbt.type_int() }}
        ) as business_day_number
    from flagged

)

select * from final
