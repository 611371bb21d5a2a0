{#-
    One row per account and month with usage days: what the monthly usage signals take from the days
    joined to plans, computed once for the triggers and the scores that both read it. Month-end
    utilisation of the metered allowance (the highest month-to-date figure), the most seats licensed
    on a usage day, and active-user days (daily active users summed over the month).

    Incremental (DuckDB): a run summarises again the account-months whose events changed since its
    last build (usage_months_touched) and every month of an account whose subscription items changed
    (`_entitlements_digest`, macro entitlement_digests, differs from the current one); they are
    appended and the post-hook (delete_replaced_plan_usage_months) deletes the rows they replace.
    Spark: a table.
-#}
{{
    config(
        materialized=rollup_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        post_hook="{{ delete_replaced_plan_usage_months(ref('int_usage__events_checked')) }}",
    )
}}
{%- set checked = ref('int_usage__events_checked') %}
{{- require_stored_columns(['_entitlements_digest', '_built_at']) }}
with

usage_days as (

    select * from {{ ref('int_account_usage_days_joined_to_plans') }}

),

entitlement_digests as (

    {{ entitlement_digests() | indent(4) }}

),

{%- if is_incremental() %}

changed_accounts as (

    {{ entitlements_changed(this) | indent(4) }}

),

touched as (

    {{ usage_months_touched(checked) | indent(4) }}

),

days_to_summarise as (

    select usage_days.*
    from usage_days
    left join touched
        on usage_days.account_id = touched.account_id
            and usage_days.usage_month = touched.usage_month
    left join changed_accounts
        on usage_days.account_id = changed_accounts.account_id
    where (touched.account_id is not null or changed_accounts.account_id is not null)
    {%- if not any_entitlements_changed(this) %}
        {#- only touched months: a literal bound, so the scan skips the days before them #}
        and usage_days.usage_date >= cast({{ first_touched_month(checked) }} as date)
    {%- endif %}

),

{%- endif %}

summarised as (

    select
        account_id,
        usage_month,
        cast(max(usage_limit_utilisation_mtd) as {{ type_double() }}) as month_end_usage_utilisation,
        cast(max(licensed_seats) as {{ type_double() }}) as licensed_seats,
        cast(sum(active_users) as {{ dbt.type_bigint() }}) as active_user_days
    from {% if is_incremental() %}days_to_summarise{% else %}usage_days{% endif %}
    group by account_id, usage_month

),

final as (

    select
        summarised.*,
        cast(entitlement_digests.digest as {{ dbt.type_string() }}) as _entitlements_digest,
        {{ build_instant() }} as _built_at
    from summarised
    left join entitlement_digests
        on summarised.account_id = entitlement_digests.account_id

)

select * from final
