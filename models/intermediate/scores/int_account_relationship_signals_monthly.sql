{#-
    CRM and billing signals per scored account-month, each measured at the month's reference date
    over a trailing window: contacts on file, activities (90 days), NPS (360 days, trend: last 180 vs the
    180 before), tickets (90 days vs the 90 before, CSAT over 180 days), success milestones due,
    company size and funding (snapshots), next renewal and overdue invoices (180 days).
-#}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

contacts as (

    select * from {{ ref('int_crm__contacts_cleaned') }}

),

activities as (

    select * from {{ ref('int_crm__activities_cleaned') }}

),

nps_responses as (

    select * from {{ ref('int_crm__nps_responses_cleaned') }}

),

support_tickets as (

    select * from {{ ref('int_crm__support_tickets_cleaned') }}

),

success_milestones as (

    select * from {{ ref('int_crm__success_milestones_cleaned') }}

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

contacts_on_file as (

    select
        spine.account_id,
        spine.score_month,
        count(*) as contacts_active,
        sum(case when contacts.seniority in ('director', 'vp', 'c_level') then 1 else 0 end) as senior_contacts,
        max(case when contacts.is_champion then 1 else 0 end) as has_champion,
        max(case when contacts.is_exec_sponsor then 1 else 0 end) as has_exec_sponsor
    from spine
    inner join contacts
        on spine.account_id = contacts.account_id
            and cast(contacts.created_at as date) <= spine.reference_date
            and (contacts.left_company_at is null or cast(contacts.left_company_at as date) > spine.reference_date)
    group by spine.account_id, spine.score_month

),

recent_activities as (

    select
        spine.account_id,
        spine.score_month,
        count(*) as activities_90d,
        count(distinct activities.contact_id) as contacts_engaged_90d,
        count(
            distinct case when contacts.seniority in ('director', 'vp', 'c_level') then activities.contact_id end
        ) as senior_contacts_engaged_90d,
        max(case when contacts.is_exec_sponsor then 1 else 0 end) as exec_sponsor_engaged_90d
    from spine
    inner join activities
        on spine.account_id = activities.account_id
            and cast(activities.occurred_at as date) <= spine.reference_date
            and cast(activities.occurred_at as date)
            > cast({{ dbt.dateadd('day', -90, 'spine.reference_date') }} as date)
    left join contacts
        on activities.contact_id = contacts.contact_id
    group by spine.account_id, spine.score_month

),

last_activity as (

    select
        spine.account_id,
        spine.score_month,
        max(cast(activities.occurred_at as date)) as last_activity_date
    from spine
    inner join activities
        on spine.account_id = activities.account_id
            and cast(activities.occurred_at as date) <= spine.reference_date
    group by spine.account_id, spine.score_month

),

nps as (

    select
        spine.account_id,
        spine.score_month,
        avg(nps_responses.score) as nps_score,
        avg(
            case
                when cast(nps_responses.responded_at as date)
                    > cast({{ dbt.dateadd('day', -180, 'spine.reference_date') }} as date)
                    then nps_responses.score
            end
        ) as nps_recent_180d,
        avg(
            case
                when cast(nps_responses.responded_at as date)
                    <= cast({{ dbt.dateadd('day', -180, 'spine.reference_date') }} as date)
                    then nps_responses.score
            end
        ) as nps_prior_180d
    from spine
    inner join nps_responses
        on spine.account_id = nps_responses.account_id
            and cast(nps_responses.responded_at as date) <= spine.reference_date
            and cast(nps_responses.responded_at as date)
            > cast({{ dbt.dateadd('day', -360, 'spine.reference_date') }} as date)
    group by spine.account_id, spine.score_month

),

tickets as (

    select
        spine.account_id,
        spine.score_month,
        sum(
            case
                when cast(support_tickets.created_at as date)
                    > cast({{ dbt.dateadd('day', -90, 'spine.reference_date') }} as date)
                    then 1
                else 0
            end
        ) as tickets_90d,
        sum(
            case
                when cast(support_tickets.created_at as date)
                    <= cast({{ dbt.dateadd('day', -90, 'spine.reference_date') }} as date)
                    then 1
                else 0
            end
        ) as tickets_prior_90d,
        sum(
            case
                when cast(support_tickets.created_at as date)
                    > cast({{ dbt.dateadd('day', -90, 'spine.reference_date') }} as date)
                    and support_tickets.priority in ('high', 'urgent')
                    then 1
                else 0
            end
        ) as high_priority_tickets_90d
    from spine
    inner join support_tickets
        on spine.account_id = support_tickets.account_id
            and cast(support_tickets.created_at as date) <= spine.reference_date
            and cast(support_tickets.created_at as date)
            > cast({{ dbt.dateadd('day', -180, 'spine.reference_date') }} as date)
    group by spine.account_id, spine.score_month

),

csat as (

    select
        spine.account_id,
        spine.score_month,
        avg(support_tickets.csat_score) as csat_avg_180d,
        sum(case when support_tickets.is_feature_request then 1 else 0 end) as feature_requests_180d
    from spine
    inner join support_tickets
        on spine.account_id = support_tickets.account_id
            and cast(coalesce(support_tickets.resolved_at, support_tickets.created_at) as date) <= spine.reference_date
            and cast(coalesce(support_tickets.resolved_at, support_tickets.created_at) as date)
            > cast({{ dbt.dateadd('day', -180, 'spine.reference_date') }} as date)
    group by spine.account_id, spine.score_month

),

milestones as (

    select
        spine.account_id,
        spine.score_month,
        sum(
            case
                when success_milestones.achieved_at is not null
                    and cast(success_milestones.achieved_at as date) <= spine.reference_date
                    then 1
                else 0
            end
        ) as milestones_achieved,
        sum(
            case
                when success_milestones.achieved_at is null
                    or cast(success_milestones.achieved_at as date) > spine.reference_date
                    then 1
                else 0
            end
        ) as milestones_overdue,
        count(*) as milestones_due
    from spine
    inner join success_milestones
        on spine.account_id = success_milestones.account_id
            and cast(success_milestones.target_date as date) <= spine.reference_date
    group by spine.account_id, spine.score_month

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
            and account_snapshots.snapshot_date
            <= cast({{ dbt.dateadd('day', -365, 'spine.reference_date') }} as date)

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
            and cast(invoices.issued_at as date) > cast({{ dbt.dateadd('day', -180, 'spine.reference_date') }} as date)
    group by spine.account_id, spine.score_month

),

final as (

    select
        spine.account_id,
        spine.score_month,
        cast(coalesce(contacts_on_file.contacts_active, 0) as {{ dbt.type_int() }}) as contacts_active,
        cast(coalesce(contacts_on_file.senior_contacts, 0) as {{ dbt.type_int() }}) as senior_contacts,
        cast(coalesce(contacts_on_file.has_champion, 0) as {{ dbt.type_int() }}) as has_champion,
        cast(coalesce(contacts_on_file.has_exec_sponsor, 0) as {{ dbt.type_int() }}) as has_exec_sponsor,
        cast(coalesce(recent_activities.activities_90d, 0) as {{ dbt.type_int() }}) as activities_90d,
        cast(coalesce(recent_activities.contacts_engaged_90d, 0) as {{ dbt.type_int() }}) as contacts_engaged_90d,
        cast(coalesce(recent_activities.senior_contacts_engaged_90d, 0) as {{ dbt.type_int() }})
            as senior_contacts_engaged_90d,
        cast(coalesce(recent_activities.exec_sponsor_engaged_90d, 0) as {{ dbt.type_int() }})
            as exec_sponsor_engaged_90d,
        cast(
            {{ dbt.datediff('last_activity.last_activity_date', 'spine.reference_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_last_activity,
        cast(nps.nps_score as {{ type_double() }}) as nps_score,
        cast(nps.nps_recent_180d - nps.nps_prior_180d as {{ type_double() }}) as nps_trend,
        cast(coalesce(tickets.tickets_90d, 0) as {{ dbt.type_int() }}) as tickets_90d,
        cast(coalesce(tickets.tickets_prior_90d, 0) as {{ dbt.type_int() }}) as tickets_prior_90d,
        cast(coalesce(tickets.high_priority_tickets_90d, 0) as {{ dbt.type_int() }}) as high_priority_tickets_90d,
        cast(csat.csat_avg_180d as {{ type_double() }}) as csat_avg_180d,
        cast(coalesce(csat.feature_requests_180d, 0) as {{ dbt.type_int() }}) as feature_requests_180d,
        cast(milestones.milestones_due as {{ dbt.type_int() }}) as milestones_due,
        cast(milestones.milestones_achieved as {{ dbt.type_int() }}) as milestones_achieved,
        cast(milestones.milestones_overdue as {{ dbt.type_int() }}) as milestones_overdue,
        cast(snapshots_ranked.employee_count as {{ dbt.type_int() }}) as employee_count,
        cast(snapshots_year_ago.employee_count as {{ dbt.type_int() }}) as employee_count_year_ago,
        cast(snapshots_ranked.open_roles as {{ dbt.type_int() }}) as open_roles,
        cast(snapshots_ranked.last_funding_at as {{ dbt.type_timestamp() }}) as last_funding_at,
        cast(next_renewal.days_to_renewal as {{ dbt.type_int() }}) as days_to_renewal,
        cast(coalesce(overdue_invoices.overdue_invoices_180d, 0) as {{ dbt.type_int() }}) as overdue_invoices_180d
    from spine
    left join contacts_on_file
        on spine.account_id = contacts_on_file.account_id
            and spine.score_month = contacts_on_file.score_month
    left join recent_activities
        on spine.account_id = recent_activities.account_id
            and spine.score_month = recent_activities.score_month
    left join last_activity
        on spine.account_id = last_activity.account_id
            and spine.score_month = last_activity.score_month
    left join nps
        on spine.account_id = nps.account_id
            and spine.score_month = nps.score_month
    left join tickets
        on spine.account_id = tickets.account_id
            and spine.score_month = tickets.score_month
    left join csat
        on spine.account_id = csat.account_id
            and spine.score_month = csat.score_month
    left join milestones
        on spine.account_id = milestones.account_id
            and spine.score_month = milestones.score_month
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
