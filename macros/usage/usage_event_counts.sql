{#
    Aggregate expressions shared by the daily and monthly account usage rollups, so both count
    events the same way. Expects columns user_id, event_name, feature_key, quantity, _loaded_at.
#}
{% macro usage_event_counts() -%}
        count(distinct user_id) as active_users,
        count(*) as events,
        sum(case when event_name = 'session_start' then 1 else 0 end) as sessions,
        sum(case when event_name = 'feature_used' then 1 else 0 end) as feature_events,
        count(distinct case when event_name = 'feature_used' then feature_key end) as features_used,
        sum(case when event_name = 'usage_limit_hit' then 1 else 0 end) as usage_limit_hits,
        sum(case when event_name = 'feature_gate_hit' then 1 else 0 end) as feature_gate_hits,
        sum(case when event_name = 'user_invited' then 1 else 0 end) as users_invited,
        sum(case when event_name = 'integration_created' then 1 else 0 end) as integrations_created,
        sum(case when event_name = 'data_imported' then 1 else 0 end) as data_imports,
        sum(case when event_name = 'admin_settings_changed' then 1 else 0 end) as admin_settings_changes,
        sum(case when event_name = 'core_feature_activated' then 1 else 0 end) as core_features_activated,
        {{ exact_sum("case when event_name = 'metered_usage' then quantity else 0 end") }} as metered_units,
        max(_loaded_at) as last_loaded_at
{%- endmacro %}


{# Casts for the columns usage_event_counts() produces, in the same order. #}
{% macro usage_event_count_columns() -%}
        cast(active_users as {{ dbt.type_int() }}) as active_users,
        cast(events as {{ dbt.type_bigint() }}) as events,
        cast(sessions as {{ dbt.type_int() }}) as sessions,
        cast(feature_events as {{ dbt.type_int() }}) as feature_events,
        cast(features_used as {{ dbt.type_int() }}) as features_used,
        cast(usage_limit_hits as {{ dbt.type_int() }}) as usage_limit_hits,
        cast(feature_gate_hits as {{ dbt.type_int() }}) as feature_gate_hits,
        cast(users_invited as {{ dbt.type_int() }}) as users_invited,
        cast(integrations_created as {{ dbt.type_int() }}) as integrations_created,
        cast(data_imports as {{ dbt.type_int() }}) as data_imports,
        cast(admin_settings_changes as {{ dbt.type_int() }}) as admin_settings_changes,
        cast(core_features_activated as {{ dbt.type_int() }}) as core_features_activated,
        cast(metered_units as {{ type_double() }}) as metered_units,
{%- endmacro %}
