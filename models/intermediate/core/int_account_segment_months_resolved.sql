{#-
    Segment and headcount of every account in every month of the spine, as of the month's snapshot
    day: the latest account snapshot on or before that day, else the account's current segment.
-#}
with

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

account_snapshots as (

    select * from {{ ref('int_crm__account_snapshots_cleaned') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

snapshot_ranges as (

    select
        account_id,
        segment,
        employee_count,
        snapshot_date as valid_from_date,
        lead(snapshot_date) over (partition by account_id order by snapshot_date) as valid_until_date
    from account_snapshots

),

account_months as (

    select
        accounts.account_id,
        accounts.segment as current_segment,
        accounts.employee_count as current_employee_count,
        months.revenue_month,
        months.snapshot_date
    from accounts
    cross join months

),

final as (

    select
        account_months.account_id,
        account_months.revenue_month,
        coalesce(snapshot_ranges.segment, account_months.current_segment, 'unknown') as segment,
        coalesce(snapshot_ranges.employee_count, account_months.current_employee_count) as employee_count,
        snapshot_ranges.valid_from_date is not null as is_from_snapshot
    from account_months
    left join snapshot_ranges
        on
            account_months.account_id = snapshot_ranges.account_id
            and account_months.snapshot_date >= snapshot_ranges.valid_from_date
            and (
                account_months.snapshot_date < snapshot_ranges.valid_until_date
                or snapshot_ranges.valid_until_date is null
            )

)

select * from final
