{#
    Helpers of the incremental int_account_plan_usage_months_summarised (DuckDB; Spark rebuilds it).

    entitlement_digests(): one row per account with subscription items, `digest` over every item
    column int_account_usage_days_joined_to_plans reads (account_row_digests). An
    account's stored months carry the digest of the build that wrote them; a different one now means
    a billing change (an added, removed or corrected item) that can change any of its months.
#}
{% macro entitlement_digests() -%}
    {{ account_row_digests(
        ref('int_subscription_items_enriched'),
        ['valid_from_date', 'valid_to_date', 'usage_limit_units', 'pricing_model', 'quantity']
    ) }}
{%- endmacro %}


{#
    Accounts whose stored rows in `relation` (rows written before this run) carry another
    `_entitlements_digest` than the current one (entitlement_digests; null for an account without
    items now).
#}
{% macro entitlements_changed(relation) -%}
    select distinct stored.account_id
    from {{ relation }} as stored
    left join ({{ entitlement_digests() }}) as current_digests
        on stored.account_id = current_digests.account_id
    where stored._built_at < {{ build_instant() }}
        and current_digests.digest is distinct from stored._entitlements_digest
{%- endmacro %}


{# True when some account's subscription items changed (entitlements_changed finds one). #}
{% macro any_entitlements_changed(relation) -%}
    {%- if not execute -%}{{ return(true) }}{%- endif -%}
    {%- set found = run_query('select count(*) from (' ~ entitlements_changed(relation) ~ ') as changed') -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}


{#
    Post-hook of the incremental int_account_plan_usage_months_summarised: after this run's rows were
    appended, delete the older rows of every account-month whose events changed since the build
    before (bound read from the older rows) and every older row of an account whose entitlement
    digest changed. The model wrote those months again where they still have usage days.
#}
{% macro delete_replaced_plan_usage_months(checked) -%}
    {%- if execute and is_incremental() -%}
        {%- set now = build_instant() -%}
        {%- set since = query_literal(
            'select max(_built_at) from ' ~ this ~ ' where _built_at < ' ~ now,
            dbt.type_timestamp(),
            "cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")"
        ) -%}
        {%- do run_query(delete_stored_rows(this, ['account_id', 'usage_month'],
            'from ' ~ this ~ ' as stored'
            ~ ' left join (' ~ usage_months_touched_since(checked, since) ~ ') as touched'
            ~ ' on stored.account_id = touched.account_id and stored.usage_month = touched.usage_month'
            ~ ' left join (' ~ entitlement_digests() ~ ') as current_digests'
            ~ ' on stored.account_id = current_digests.account_id'
            ~ ' where stored._built_at < ' ~ now
            ~ ' and (touched.account_id is not null'
            ~ ' or current_digests.digest is distinct from stored._entitlements_digest)'
        )) -%}
    {%- endif -%}
{%- endmacro %}
