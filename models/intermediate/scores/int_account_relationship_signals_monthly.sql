{#-
    CRM and billing signals per scored account-month, each measured at the month's reference date
    over a trailing window (var score_input_windows_days): the engagement, support and commercial
    families (one int_account_<family>_signals_monthly model each), typed and defaulted to zero where
    a count has no rows.
-#}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

engagement as (

    select * from {{ ref('int_account_engagement_signals_monthly') }}

),

support as (

    select * from {{ ref('int_account_support_signals_monthly') }}

),

commercial as (

    select * from {{ ref('int_account_commercial_signals_monthly') }}

),

final as (

    select
        spine.account_id,
        spine.score_month,
        cast(coalesce(engagement.contacts_active, 0) as {{ dbt.type_int() }}) as contacts_active,
        cast(coalesce(engagement.senior_contacts, 0) as {{ dbt.type_int() }}) as senior_contacts,
        cast(coalesce(engagement.has_champion, 0) as {{ dbt.type_int() }}) as has_champion,
        cast(coalesce(engagement.has_exec_sponsor, 0) as {{ dbt.type_int() }}) as has_exec_sponsor,
        cast(coalesce(engagement.activities_90d, 0) as {{ dbt.type_int() }}) as activities_90d,
        cast(coalesce(engagement.contacts_engaged_90d, 0) as {{ dbt.type_int() }}) as contacts_engaged_90d,
        cast(coalesce(engagement.senior_contacts_engaged_90d, 0) as {{ dbt.type_int() }})
            as senior_contacts_engaged_90d,
        cast(coalesce(engagement.exec_sponsor_engaged_90d, 0) as {{ dbt.type_int() }})
            as exec_sponsor_engaged_90d,
        cast(
            {{ dbt.datediff('engagement.last_activity_date', 'spine.reference_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_last_activity,
        cast(engagement.nps_score as {{ type_double() }}) as nps_score,
        cast(engagement.nps_recent_180d - engagement.nps_prior_180d as {{ type_double() }}) as nps_trend,
        cast(coalesce(support.tickets_90d, 0) as {{ dbt.type_int() }}) as tickets_90d,
        cast(coalesce(support.tickets_prior_90d, 0) as {{ dbt.type_int() }}) as tickets_prior_90d,
        cast(coalesce(support.high_priority_tickets_90d, 0) as {{ dbt.type_int() }}) as high_priority_tickets_90d,
        cast(support.csat_avg_180d as {{ type_double() }}) as csat_avg_180d,
        cast(coalesce(support.feature_requests_180d, 0) as {{ dbt.type_int() }}) as feature_requests_180d,
        cast(support.milestones_due as {{ dbt.type_int() }}) as milestones_due,
        cast(support.milestones_achieved as {{ dbt.type_int() }}) as milestones_achieved,
        cast(support.milestones_overdue as {{ dbt.type_int() }}) as milestones_overdue,
        cast(commercial.employee_count as {{ dbt.type_int() }}) as employee_count,
        cast(commercial.employee_count_year_ago as {{ dbt.type_int() }}) as employee_count_year_ago,
        cast(commercial.open_roles as {{ dbt.type_int() }}) as open_roles,
        cast(commercial.last_funding_at as {{ dbt.type_timestamp() }}) as last_funding_at,
        cast(commercial.days_to_renewal as {{ dbt.type_int() }}) as days_to_renewal,
        cast(coalesce(commercial.overdue_invoices_180d, 0) as {{ dbt.type_int() }}) as overdue_invoices_180d
    from spine
    left join engagement
        on spine.account_id = engagement.account_id
            and spine.score_month = engagement.score_month
    left join support
        on spine.account_id = support.account_id
            and spine.score_month = support.score_month
    left join commercial
        on spine.account_id = commercial.account_id
            and spine.score_month = commercial.score_month

)

select * from final
