{#
    The words the project knows, per source column (`system.table.column`). Documented in
    models/staging/_staging__docs.md (doc `vocabulary_rules`) and the README.

    Descriptive columns: a value outside the list is kept, mapped to `other` (the original is kept in
    `<column>_original`), counted in rpt_unknown_values_summary and flagged by a warn-level test.
#}
{% macro descriptive_vocabularies() -%}
    {{ return({
        'billing.plans.pricing_model': ['per_seat', 'flat', 'usage'],
        'billing.subscriptions.status': ['active', 'trialing', 'past_due', 'canceled'],
        'billing.subscription_items.change_reason': [
            'new', 'seat_increase', 'seat_decrease', 'upgrade', 'downgrade', 'price_change', 'cross_sell',
            'renewal', 'reactivation',
        ],
        'usage.events.event_name': [
            'session_start', 'feature_used', 'usage_limit_hit', 'feature_gate_hit', 'user_invited',
            'integration_created', 'data_imported', 'admin_settings_changed', 'core_feature_activated',
            'metered_usage',
        ],
        'crm.accounts.segment': ['smb', 'mid_market', 'enterprise'],
        'crm.account_snapshots.segment': ['smb', 'mid_market', 'enterprise'],
        'crm.contacts.seniority': ['ic', 'manager', 'director', 'vp', 'c_level'],
        'crm.opportunities.opportunity_type': ['new_business', 'expansion', 'renewal'],
        'crm.opportunities.source': ['csm', 'ae', 'product', 'partner'],
        'crm.csql_stage_history.stage': [
            'created', 'qualified', 'proposal_sent', 'negotiation', 'closed_won', 'closed_lost',
        ],
        'crm.activities.activity_type': ['email', 'call', 'meeting', 'qbr', 'event', 'webinar'],
        'finance.gtm_costs.team': ['cs', 'sales'],
        'finance.gtm_costs.motion': ['expansion', 'new_business'],
    }) }}
{%- endmacro %}


{#
    Columns whose value decides the money: an unknown value cannot be computed with (is a `metered`
    line usage revenue? does a `draft` invoice count?), so the row is held as `invalid_value`.
#}
{% macro money_vocabularies() -%}
    {{ return({
        'billing.invoices.status': ['paid', 'open', 'void', 'uncollectible'],
        'billing.invoice_lines.line_type': ['recurring', 'usage', 'proration', 'one_time', 'credit', 'tax'],
    }) }}
{%- endmacro %}


{% macro vocabulary(key) -%}
    {%- set all = {} -%}
    {%- do all.update(descriptive_vocabularies()) -%}
    {%- do all.update(money_vocabularies()) -%}
    {{ return(all[key]) }}
{%- endmacro %}


{# A descriptive column lowercased and trimmed, `other` when outside its vocabulary, null stays null. #}
{% macro map_to_vocabulary(column, key) -%}
    {%- set normalised = 'lower(trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')))' -%}
    case
        when {{ column }} is null then null
        when {{ normalised }} in ('{{ vocabulary(key) | join("', '") }}') then {{ normalised }}
        else 'other'
    end
{%- endmacro %}


{# Boolean sql: a (normalised) money-deciding column holds a word outside its vocabulary. #}
{% macro is_outside_vocabulary(column, key) -%}
    {{ column }} is not null and {{ column }} not in ('{{ vocabulary(key) | join("', '") }}')
{%- endmacro %}
