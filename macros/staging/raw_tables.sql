{#
    Every raw table of the source contract as (system, table). The data-quality marts loop over it;
    python_tests checks it against erw/datagen/schema.py so a new raw table cannot be forgotten.
#}
{% macro raw_tables() -%}
    {{ return([
        ('billing', 'customers'),
        ('billing', 'products'),
        ('billing', 'plans'),
        ('billing', 'subscriptions'),
        ('billing', 'subscription_items'),
        ('billing', 'invoices'),
        ('billing', 'invoice_lines'),
        ('usage', 'users'),
        ('usage', 'features'),
        ('usage', 'events'),
        ('crm', 'accounts'),
        ('crm', 'account_snapshots'),
        ('crm', 'contacts'),
        ('crm', 'contact_history'),
        ('crm', 'opportunities'),
        ('crm', 'csqls'),
        ('crm', 'csql_stage_history'),
        ('crm', 'nps_responses'),
        ('crm', 'support_tickets'),
        ('crm', 'activities'),
        ('crm', 'success_milestones'),
        ('finance', 'fx_rates'),
        ('finance', 'gtm_costs'),
    ]) }}
{%- endmacro %}


{# Quarantine reason codes: the row-level ones (staging) in the order they apply, then the
   cross-table ones (data-quality area), which apply only to rows that pass staging. #}
{% macro quarantine_reasons() -%}
    {{ return([
        'null_key', 'duplicate', 'invalid_type', 'negative_quantity', 'missing_service_period',
        'future_timestamp', 'invalid_value', 'orphan_key', 'unknown_currency', 'missing_fx_rate',
    ]) }}
{%- endmacro %}
