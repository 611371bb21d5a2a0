{#-
    Contact and engagement signals per scored account-month, measured at the month's reference date:
    contacts on file (senior, champion, exec sponsor), activities and contacts engaged over the last
    windows.activities days, the last activity, and NPS over windows.nps days with its trend (the
    last windows.nps_trend days vs the ones before); windows = var score_input_windows_days.
-#}
{%- set windows = var('score_input_windows_days') -%}
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
            and {{ window_condition('activities.occurred_at', 'spine.reference_date', windows.activities) }}
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
                when {{ window_condition('nps_responses.responded_at', 'spine.reference_date', windows.nps_trend) }}
                    then nps_responses.score
            end
        ) as nps_recent_180d,
        avg(
            case
                when {{ window_condition(
                    'nps_responses.responded_at', 'spine.reference_date', windows.nps_trend, 'prior'
                ) }}
                    then nps_responses.score
            end
        ) as nps_prior_180d
    from spine
    inner join nps_responses
        on spine.account_id = nps_responses.account_id
            and cast(nps_responses.responded_at as date) <= spine.reference_date
            and {{ window_condition('nps_responses.responded_at', 'spine.reference_date', windows.nps) }}
    group by spine.account_id, spine.score_month

),

final as (

    select
        spine.account_id,
        spine.score_month,
        contacts_on_file.contacts_active,
        contacts_on_file.senior_contacts,
        contacts_on_file.has_champion,
        contacts_on_file.has_exec_sponsor,
        recent_activities.activities_90d,
        recent_activities.contacts_engaged_90d,
        recent_activities.senior_contacts_engaged_90d,
        recent_activities.exec_sponsor_engaged_90d,
        last_activity.last_activity_date,
        nps.nps_score,
        nps.nps_recent_180d,
        nps.nps_prior_180d
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

)

select * from final
