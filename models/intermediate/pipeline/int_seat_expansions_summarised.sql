{#-
    Seat expansion velocity inputs per month and segment (plus 'all'; the account's current segment):
    accounts with at least var seat_velocity_min_seats per-seat licences three months earlier, the
    seats they added since (never negative per account) and the seats they had then.
-#}
with

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

segment_keys as (

    {{ segment_keys() }}

),

account_seats as (

    select
        months.revenue_month,
        subscription_items.account_id,
        sum(subscription_items.quantity) as licensed_seats
    from months
    inner join subscription_items
        on months.snapshot_date >= subscription_items.valid_from_date
            and (months.snapshot_date < subscription_items.valid_to_date or subscription_items.valid_to_date is null)
            and subscription_items.pricing_model = 'per_seat'
    group by months.revenue_month, subscription_items.account_id

),

seat_growth as (

    select
        months.revenue_month,
        earlier.account_id,
        earlier.licensed_seats as seats_three_months_ago,
        case
            when coalesce(later.licensed_seats, 0) > earlier.licensed_seats
                then later.licensed_seats - earlier.licensed_seats
            else 0
        end as seats_added
    from months
    inner join account_seats as earlier
        on cast({{ dbt.dateadd('month', -3, 'months.revenue_month') }} as date) = earlier.revenue_month
    left join account_seats as later
        on months.revenue_month = later.revenue_month
            and earlier.account_id = later.account_id
    where earlier.licensed_seats >= {{ var('seat_velocity_min_seats') }}

),

final as (

    select
        seat_growth.revenue_month,
        segment_keys.segment_key as segment,
        count(*) as seat_velocity_accounts,
        sum(seat_growth.seats_added) as seats_added,
        sum(seat_growth.seats_three_months_ago) as seats_three_months_ago
    from seat_growth
    left join accounts
        on seat_growth.account_id = accounts.account_id
    inner join segment_keys
        on accounts.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'
    group by seat_growth.revenue_month, segment_keys.segment_key

)

select * from final
