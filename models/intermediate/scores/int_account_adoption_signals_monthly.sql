{#-
    Adoption signals per scored account-month: users known at the reference date, departments
    active in the month, features adopted to date (core ones, and those first used in the last three
    months) and premium features used in the month.
-#}
with

spine as (

    select * from {{ ref('int_account_score_months_spined') }}

),

feature_months as (

    select * from {{ ref('int_account_feature_months_adopted') }}

),

users as (

    select * from {{ ref('int_usage__users_cleaned') }}

),

events as (

    select * from {{ ref('int_usage__events_cleaned') }}

),

known_users as (

    select
        spine.account_id,
        spine.score_month,
        count(*) as known_users
    from spine
    inner join users
        on spine.account_id = users.account_id
            and cast(users.created_at as date) <= spine.reference_date
            and (users.deactivated_at is null or cast(users.deactivated_at as date) > spine.reference_date)
    group by spine.account_id, spine.score_month

),

department_months as (

    select
        events.account_id,
        cast({{ dbt.date_trunc('month', 'events.occurred_at') }} as date) as usage_month,
        count(distinct users.department) as departments_active
    from events
    inner join users
        on events.user_id = users.user_id
    where users.department is not null
    group by events.account_id, cast({{ dbt.date_trunc('month', 'events.occurred_at') }} as date)

),

feature_first_use as (

    select
        account_id,
        feature_key,
        max(case when is_core then 1 else 0 end) as is_core,
        min(first_used_month) as first_used_month
    from feature_months
    where first_used_month is not null
    group by account_id, feature_key

),

adoption_to_date as (

    select
        spine.account_id,
        spine.score_month,
        count(*) as features_adopted,
        sum(feature_first_use.is_core) as core_features_adopted,
        sum(
            case
                when feature_first_use.first_used_month
                    >= cast({{ dbt.dateadd('month', -2, 'spine.score_month') }} as date)
                    then 1
                else 0
            end
        ) as features_newly_adopted_3m
    from spine
    inner join feature_first_use
        on spine.account_id = feature_first_use.account_id
            and spine.score_month >= feature_first_use.first_used_month
    group by spine.account_id, spine.score_month

),

premium_use as (

    select
        account_id,
        usage_month,
        count(distinct case when is_premium and is_adopted then feature_key end) as premium_features_used
    from feature_months
    group by account_id, usage_month

),

final as (

    select
        spine.account_id,
        spine.score_month,
        known_users.known_users,
        department_months.departments_active,
        adoption_to_date.features_adopted,
        adoption_to_date.core_features_adopted,
        adoption_to_date.features_newly_adopted_3m,
        premium_use.premium_features_used
    from spine
    left join known_users
        on spine.account_id = known_users.account_id
            and spine.score_month = known_users.score_month
    left join department_months
        on spine.account_id = department_months.account_id
            and spine.score_month = department_months.usage_month
    left join adoption_to_date
        on spine.account_id = adoption_to_date.account_id
            and spine.score_month = adoption_to_date.score_month
    left join premium_use
        on spine.account_id = premium_use.account_id
            and spine.score_month = premium_use.usage_month

)

select * from final
