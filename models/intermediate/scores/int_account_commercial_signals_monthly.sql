{#-
    Company and contract signals per scored account-month, measured at the month's reference date:
    the latest account snapshot (employees, open roles, last funding) and the latest one at least
    windows.headcount_growth days older, days to the next renewal, and invoices overdue among those
    issued in the last windows.overdue_invoices days; windows = var score_input_windows_days.
-#}
{%- set windows = var('score_input_windows_days') -%}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

account_snapshots as (

    select * from {{ ref('int_crm__account_snapshots_cleaned') }}

),

subscriptions as (

    select * from {{ ref('int_billing__subscriptions_cleaned') }}

),

invoices as (

    select * from {{ ref('int_billing__invoices_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

snapshots_ranked as (

    select
        spine.account_id,
        spine.score_month,
        account_snapshots.snapshot_date,
        account_snapshots.employee_count,
        account_snapshots.open_roles,
        account_snapshots.last_funding_at,
        row_number() over (
            partition by spine.account_id, spine.score_month
            order by account_snapshots.snapshot_date desc
        ) as recency_rank
    from spine
    inner join account_snapshots
        on spine.account_id = account_snapshots.account_id
            and spine.reference_date >= account_snapshots.snapshot_date

),

snapshots_year_ago as (

    select
        spine.account_id,
        spine.score_month,
        account_snapshots.employee_count,
        row_number() over (
            partition by spine.account_id, spine.score_month
            order by account_snapshots.snapshot_date desc
        ) as recency_rank
    from spine
    inner join account_snapshots
        on spine.account_id = account_snapshots.account_id
            and {{ window_condition(
                'account_snapshots.snapshot_date', 'spine.reference_date', windows.headcount_growth, 'prior'
            ) }}

),

subscription_terms as (

    select
        spine.account_id,
        spine.score_month,
        spine.reference_date,
        cast(subscriptions.started_at as date) as started_date,
        coalesce(subscriptions.term_months, 12) as term_months,
        floor(
            {{ dbt.datediff('cast(subscriptions.started_at as date)', 'spine.reference_date', 'month') }}
            / coalesce(subscriptions.term_months, 12)
        ) as terms_elapsed
    from spine
    inner join customers
        on spine.account_id = customers.account_id
    inner join subscriptions
        on customers.customer_id = subscriptions.customer_id
            and cast(subscriptions.started_at as date) <= spine.reference_date
            and (subscriptions.canceled_at is null or cast(subscriptions.canceled_at as date) > spine.reference_date)

),

renewal_candidates as (

    select
        account_id,
        score_month,
        reference_date,
        case
            when cast({{ dbt.dateadd('month', 'terms_elapsed * term_months', 'started_date') }} as date)
                > reference_date
                then cast({{ dbt.dateadd('month', 'terms_elapsed * term_months', 'started_date') }} as date)
            else cast({{ dbt.dateadd('month', '(terms_elapsed + 1) * term_months', 'started_date') }} as date)
        end as renewal_date
    from subscription_terms

),

next_renewal as (

    select
        account_id,
        score_month,
        min({{ dbt.datediff('reference_date', 'renewal_date', 'day') }}) as days_to_renewal
    from renewal_candidates
    group by account_id, score_month

),

overdue_invoices as (

    select
        spine.account_id,
        spine.score_month,
        sum(
            case
                when invoices.status = 'uncollectible' then 1
                when cast(invoices.due_at as date) < spine.reference_date
                    and (invoices.paid_at is null or cast(invoices.paid_at as date) > spine.reference_date)
                    and invoices.status <> 'void'
                    then 1
                else 0
            end
        ) as overdue_invoices_180d
    from spine
    inner join customers
        on spine.account_id = customers.account_id
    inner join invoices
        on customers.customer_id = invoices.customer_id
            and cast(invoices.issued_at as date) <= spine.reference_date
            and {{ window_condition('invoices.issued_at', 'spine.reference_date', windows.overdue_invoices) }}
    group by spine.account_id, spine.score_month

),

final as (

    select
        spine.account_id,
        spine.score_month,
        snapshots_ranked.employee_count,
        snapshots_year_ago.employee_count as employee_count_year_ago,
        snapshots_ranked.open_roles,
        snapshots_ranked.last_funding_at,
        next_renewal.days_to_renewal,
        overdue_invoices.overdue_invoices_180d
    from spine
    left join snapshots_ranked
        on spine.account_id = snapshots_ranked.account_id
            and spine.score_month = snapshots_ranked.score_month
            and snapshots_ranked.recency_rank = 1
    left join snapshots_year_ago
        on spine.account_id = snapshots_year_ago.account_id
            and spine.score_month = snapshots_year_ago.score_month
            and snapshots_year_ago.recency_rank = 1
    left join next_renewal
        on spine.account_id = next_renewal.account_id
            and spine.score_month = next_renewal.score_month
    left join overdue_invoices
        on spine.account_id = overdue_invoices.account_id
            and spine.score_month = overdue_invoices.score_month

)

select * from final
