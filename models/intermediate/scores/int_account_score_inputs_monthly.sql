{#-
    Every input the monthly scores read, one row per paying account and month: the product and
    relationship signals side by side plus the ratios derived from them (shares, growth, trends).
    The Python score models read this table and nothing else per account-month.
-#}
{%- set windows = var('score_input_windows_days') -%}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

usage_signals as (

    select * from {{ ref('int_account_usage_signals_monthly') }}

),

relationship_signals as (

    select * from {{ ref('int_account_relationship_signals_monthly') }}

),

products as (

    select * from {{ ref('int_billing__products_cleaned') }}

),

features as (

    select * from {{ ref('int_usage__features_cleaned') }}

),

users as (

    select * from {{ ref('int_usage__users_cleaned') }}

),

product_line_count as (

    select count(distinct product_line) as product_lines_total
    from products

),

feature_count as (

    select count(*) as features_total
    from features

),

department_count as (

    select count(distinct department) as departments_total
    from users
    where department is not null

),

joined as (

    select
        spine.*,
        usage_signals.active_users,
        usage_signals.active_days,
        usage_signals.events,
        usage_signals.features_used,
        usage_signals.usage_limit_hits,
        usage_signals.feature_gate_hits_month,
        usage_signals.active_user_days,
        usage_signals.events_prior_3m_avg,
        usage_signals.active_users_prior_3m_avg,
        usage_signals.integrations_total,
        usage_signals.usage_utilisation,
        usage_signals.licensed_seats,
        usage_signals.product_lines_owned,
        usage_signals.known_users,
        usage_signals.departments_active,
        usage_signals.features_adopted,
        usage_signals.core_features_adopted,
        usage_signals.features_newly_adopted_3m,
        usage_signals.premium_features_used,
        relationship_signals.contacts_active,
        relationship_signals.senior_contacts,
        relationship_signals.has_champion,
        relationship_signals.has_exec_sponsor,
        relationship_signals.activities_90d,
        relationship_signals.contacts_engaged_90d,
        relationship_signals.senior_contacts_engaged_90d,
        relationship_signals.exec_sponsor_engaged_90d,
        relationship_signals.days_since_last_activity,
        relationship_signals.nps_score,
        relationship_signals.nps_trend,
        relationship_signals.tickets_90d,
        relationship_signals.tickets_prior_90d,
        relationship_signals.high_priority_tickets_90d,
        relationship_signals.csat_avg_180d,
        relationship_signals.feature_requests_180d,
        relationship_signals.milestones_due,
        relationship_signals.milestones_achieved,
        relationship_signals.milestones_overdue,
        relationship_signals.employee_count_year_ago,
        relationship_signals.open_roles,
        relationship_signals.last_funding_at,
        relationship_signals.days_to_renewal,
        relationship_signals.overdue_invoices_180d,
        product_line_count.product_lines_total,
        feature_count.features_total,
        department_count.departments_total,
        coalesce(relationship_signals.employee_count, spine.current_employee_count) as employee_count,
        extract(day from spine.reference_date) as days_in_window,
        extract(month from spine.reference_date) as reference_month_number
    from spine
    inner join usage_signals
        on spine.account_id = usage_signals.account_id
            and spine.score_month = usage_signals.score_month
    inner join relationship_signals
        on spine.account_id = relationship_signals.account_id
            and spine.score_month = relationship_signals.score_month
    cross join product_line_count
    cross join feature_count
    cross join department_count

),

derived as (

    select
        *,
        case
            when licensed_seats > 0 then 1e0 * active_users / licensed_seats
            when known_users > 0 then 1e0 * active_users / known_users
        end as active_user_share,
        case when events_prior_3m_avg > 0 then events / events_prior_3m_avg - 1 end as usage_growth_3m,
        case
            when active_users_prior_3m_avg > 0 then active_users / active_users_prior_3m_avg - 1
        end as active_user_growth_3m,
        1e0 * active_days / days_in_window as active_days_share,
        case when known_users > 0 then 1e0 * active_user_days / days_in_window / known_users end
            as daily_active_user_share,
        (tickets_90d + 1.0) / (tickets_prior_90d + 1.0) as ticket_trend_ratio,
        case
            when tickets_90d < tickets_prior_90d then -1
            when tickets_90d = 0 and tickets_prior_90d = 0 then -1
            when tickets_90d = tickets_prior_90d then 0
            else 1
        end as ticket_trend_direction,
        case when milestones_due > 0 then 1e0 * milestones_achieved / milestones_due end
            as milestones_achieved_share,
        case when mrr_usd_3m_ago > 0 then 1e0 * mrr_usd / mrr_usd_3m_ago - 1 end as mrr_change_3m,
        cast(
            {{ dbt.datediff('onboarded_date', 'reference_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_onboarding,
        case when employee_count_year_ago > 0 then 1e0 * employee_count / employee_count_year_ago - 1 end
            as employee_growth_yoy,
        case
            when last_funding_at is not null
                and {{ window_condition('last_funding_at', 'reference_date', windows.funding) }}
                then 1
            else 0
        end as funded_recently,
        case when employee_count > 0 then 1e0 * active_users / employee_count end as adoption_rate,
        case when known_users > 0 then 1e0 * active_users / known_users end as usage_frequency,
        case when features_total > 0 then 1e0 * features_used / features_total end as feature_breadth,
        case
            when exec_sponsor_engaged_90d = 1 then 2
            when has_exec_sponsor = 1 then 1
            else 0
        end as exec_engagement_level,
        arr_usd / nullif({{ exact_avg('arr_usd', over='partition by industry, score_month') }}, 0)
            as arr_vs_industry_average,
        product_lines_total - product_lines_owned as expansion_options,
        case
            when product_lines_total > 0 then 1e0 * (product_lines_total - product_lines_owned) / product_lines_total
        end as product_lines_unowned_share,
        case when licensed_seats > known_users then licensed_seats else known_users end as users_or_seats,
        case when feature_requests_180d > 0 and product_lines_total > product_lines_owned then 1 else 0 end
            as cross_sell_interest,
        mod(coalesce(fiscal_year_start_month, 1) - reference_month_number + 12, 12) as months_to_fiscal_year_start
    from joined

),

final as (

    select
        *,
        case
            when active_user_share is not null and active_user_share >= coalesce(usage_utilisation, 0)
                then active_user_share
            else usage_utilisation
        end as plan_utilisation,
        case
            when licensed_seats > 0 and active_users < licensed_seats then 1.0 - 1e0 * active_users / licensed_seats
            when licensed_seats > 0 then 0.0
        end as unused_seat_share,
        {{ dbt.datediff(
            'reference_date',
            dbt.dateadd(
                'month',
                'case when months_to_fiscal_year_start = 0 then 12 else months_to_fiscal_year_start end',
                dbt.date_trunc('month', 'reference_date'),
            ),
            'day',
        ) }} as days_to_fiscal_year_start
    from derived

)

select * from final
