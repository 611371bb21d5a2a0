{#-
    Adoption signals per scored account-month: users known at the reference date, departments
    active in the month, features adopted to date (core ones, and those first used in the last three
    months) and premium features used in the month. Departments come from the user-month grain of the
    usage rollup (the users with an event in the month), not from the events.

    Incremental (DuckDB): a run computes again the spine rows (adoption_rows_to_rebuild) that are
    new, whose reference date changed (the current month, as the as-of date moves), from an
    account's first month whose events changed (features adopted to date accumulate), of an account
    whose users changed (`_users_digest`), or all of them when the feature catalogue changed
    (`_features_digest`). The post-hook (delete_replaced_spine_rows) deletes the rows they replace
    and those that left the spine. Spark: a table.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        post_hook="{{ delete_replaced_spine_rows(ref('int_account_score_months_spined'), 'score_month') }}",
    )
}}
{%- set checked = ref('int_usage__events_checked') %}
{{- require_stored_columns(['_reference_date', '_users_digest', '_features_digest', '_built_at']) }}
{%- set first_month = query_literal(
    'select min(score_month) from (' ~ adoption_rows_to_rebuild(checked) ~ ') as rebuilt',
    'date',
    "cast('9999-12-31' as date)"
) if is_incremental() else none %}
with

spine as (

    {% if is_incremental() -%}
        {{ adoption_rows_to_rebuild(checked) | indent(8) }}
    {%- else -%}
        select * from {{ ref('int_account_score_months_spined') }}
    {%- endif %}

),

feature_months as (

    select * from {{ ref('int_account_feature_months_adopted') }}

),

users as (

    select * from {{ ref('int_usage__users_cleaned') }}

),

user_months as (

    select * from {{ ref('int_account_usage_rollups_aggregated') }}
    where rollup_grain = 'user_month'
    {%- if is_incremental() %}
        and usage_month >= {{ first_month }}
    {%- endif %}

),

users_digests as (

    {{ adoption_users_digests() | indent(4) }}

),

features_digest as (

    {{ adoption_features_digest() | indent(4) }}

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
        user_months.account_id,
        user_months.usage_month,
        count(distinct users.department) as departments_active
    from user_months
    inner join users
        on user_months.user_id = users.user_id
    where users.department is not null
    group by user_months.account_id, user_months.usage_month

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
    {%- if is_incremental() %}
    where usage_month >= {{ first_month }}
    {%- endif %}
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
        premium_use.premium_features_used,
        spine.reference_date as _reference_date,
        cast(users_digests.digest as {{ dbt.type_string() }}) as _users_digest,
        cast(features_digest.digest as {{ dbt.type_string() }}) as _features_digest,
        {{ build_instant() }} as _built_at
    from spine
    cross join features_digest
    left join users_digests
        on spine.account_id = users_digests.account_id
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
