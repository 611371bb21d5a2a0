{#
    Event counts of the usage rollups (int_account_usage_rollups_aggregated). usage_event_sums()
    counts raw events (columns event_name, quantity, occurred_at, _loaded_at); usage_event_resums()
    adds such counts up again at a coarser grain, so every grain counts events the same way. Metered
    units are summed exactly (exact_sum, a decimal), so every grain is the same whatever the order.
#}
{% macro usage_event_measures() -%}
    {{ return([
        ('events', none),
        ('sessions', 'session_start'),
        ('feature_events', 'feature_used'),
        ('usage_limit_hits', 'usage_limit_hit'),
        ('feature_gate_hits', 'feature_gate_hit'),
        ('users_invited', 'user_invited'),
        ('integrations_created', 'integration_created'),
        ('data_imports', 'data_imported'),
        ('admin_settings_changes', 'admin_settings_changed'),
        ('core_features_activated', 'core_feature_activated'),
    ]) }}
{%- endmacro %}


{% macro usage_event_sums() -%}
    {%- for name, event_name in usage_event_measures() %}
        {%- if event_name is none %}
        count(*) as {{ name }},
        {%- else %}
        sum(case when event_name = '{{ event_name }}' then 1 else 0 end) as {{ name }},
        {%- endif %}
    {%- endfor %}
        {{ exact_sum("case when event_name = 'metered_usage' then quantity else 0 end") }} as metered_units,
        min(case when event_name = 'feature_gate_hit' then occurred_at end) as first_feature_gate_hit_at,
        max(case when event_name = 'feature_gate_hit' then occurred_at end) as last_feature_gate_hit_at,
        min(case when event_name = 'user_invited' then occurred_at end) as first_user_invited_at,
        max(case when event_name = 'user_invited' then occurred_at end) as last_user_invited_at,
        max(_loaded_at) as last_loaded_at
{%- endmacro %}


{% macro usage_event_resums() -%}
    {%- for name, event_name in usage_event_measures() %}
        sum({{ name }}) as {{ name }},
    {%- endfor %}
        sum(metered_units) as metered_units,
        min(first_feature_gate_hit_at) as first_feature_gate_hit_at,
        max(last_feature_gate_hit_at) as last_feature_gate_hit_at,
        min(first_user_invited_at) as first_user_invited_at,
        max(last_user_invited_at) as last_user_invited_at,
        max(last_loaded_at) as last_loaded_at
{%- endmacro %}


{#
    The count columns of a stored or just computed rollup row, for usage_event_resums to add up
    again; metered units as the exact decimal (a stored double gives back the decimal it was cast
    from), so a sum over stored and new rows equals the sum a full refresh takes.
#}
{% macro usage_rollup_count_columns() -%}
    {%- for name, event_name in usage_event_measures() %}
        {{ name }},
    {%- endfor %}
        cast(metered_units as {{ type_exact_decimal() }}) as metered_units,
        first_feature_gate_hit_at,
        last_feature_gate_hit_at,
        first_user_invited_at,
        last_user_invited_at,
        last_loaded_at
{%- endmacro %}


{#
    Typed output columns of a rollup grain (relation: the CTE holding the counts). `only`: the
    measures that grain has; the others are null (user_month keeps events alone).
#}
{% macro usage_event_count_columns(relation, only=none) -%}
    {%- for name, event_name in usage_event_measures() %}
        {%- set type = dbt.type_bigint() if name == 'events' else dbt.type_int() %}
        {%- if only is none or name in only %}
        cast({{ relation }}.{{ name }} as {{ type }}) as {{ name }},
        {%- else %}
        cast(null as {{ type }}) as {{ name }},
        {%- endif %}
    {%- endfor %}
    {%- if only is none %}
        cast({{ relation }}.metered_units as {{ type_double() }}) as metered_units,
        {{ relation }}.first_feature_gate_hit_at,
        {{ relation }}.last_feature_gate_hit_at,
        {{ relation }}.first_user_invited_at,
        {{ relation }}.last_user_invited_at,
        {{ relation }}.last_loaded_at
    {%- else %}
        cast(null as {{ type_double() }}) as metered_units,
        cast(null as {{ dbt.type_timestamp() }}) as first_feature_gate_hit_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_feature_gate_hit_at,
        cast(null as {{ dbt.type_timestamp() }}) as first_user_invited_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_user_invited_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_loaded_at
    {%- endif %}
{%- endmacro %}
