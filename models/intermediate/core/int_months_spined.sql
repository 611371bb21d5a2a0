{#-
    One row per calendar month from the first month any subscription item starts through the reporting
    month. MRR is measured on each month's snapshot day: its last day, or the as-of date for the
    reporting month when that is earlier.
-#}
with

subscription_items as (

    select * from {{ ref('int_billing__subscription_items_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

spine as (

    {{ dbt.date_spine('month', "cast('2000-01-01' as date)", "cast('2101-01-01' as date)") }}

),

bounds as (

    select
        cast({{ dbt.date_trunc('month', 'min(subscription_items.valid_from)') }} as date) as first_month
    from subscription_items

),

final as (

    select
        cast(spine.date_month as date) as revenue_month,
        cast({{ dbt.last_day('spine.date_month', 'month') }} as date) as month_end_date,
        least(cast({{ dbt.last_day('spine.date_month', 'month') }} as date), as_of.as_of_date) as snapshot_date,
        as_of.as_of_date >= cast(
            {{ dbt.dateadd('day', var('month_close_day') - 1, dbt.dateadd('month', 1, 'spine.date_month')) }}
            as date
        ) as is_month_closed
    from spine
    cross join bounds
    cross join as_of
    where
        spine.date_month >= bounds.first_month
        and spine.date_month <= as_of.as_of_month

)

select * from final
