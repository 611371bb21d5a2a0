{#
    The signal columns of int_account_pqa_signals_daily a PQA credit rule (seed pqa_points) may read.
    fct_pqa_scores_daily computes every rule's running state for each of them; the points and the
    rule of each behaviour stay data in the seed (one definition, shared with erw.scoring.pqa_score).
#}
{% macro pqa_signal_columns() -%}
    {{ return([
        'active_users', 'inactive_users', 'core_features_activated', 'users_invited',
        'usage_limit_hits', 'feature_gate_hits', 'integrations_created', 'data_imports',
        'admin_settings_changes',
    ]) }}
{%- endmacro %}
