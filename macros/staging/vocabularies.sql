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


{#
    A word as the vocabulary compares it: lowercased, trimmed, and every run of spaces, hyphens and
    underscores made one `_` (`' Mid-Market '` and `'mid  market'` -> `mid_market`).
#}
{% macro normalise_word(expression) -%}
    {{ return(adapter.dispatch('normalise_word', 'expansion_revenue')(expression)) }}
{%- endmacro %}

{% macro default__normalise_word(expression) -%}
    {%- set lowered = 'lower(trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')))' -%}
    {{ dbt.replace(dbt.replace(lowered, "' '", "'_'"), "'-'", "'_'") }}
{%- endmacro %}

{% macro duckdb__normalise_word(expression) -%}
    regexp_replace(lower(trim(cast({{ expression }} as varchar))), '[ _-]+', '_', 'g')
{%- endmacro %}

{% macro spark__normalise_word(expression) -%}
    regexp_replace(lower(trim(cast({{ expression }} as string))), '[ _-]+', '_')
{%- endmacro %}


{#
    The rows of seed `vocabulary_map` for one column (`system.table.column`), as (source word,
    project word) pairs, both normalised, keeping only project words of the column's vocabulary and
    the first project word (alphabetically) of a source word mapped twice; the singular test
    assert_vocabulary_map_rows_apply lists the rows left out. Read when the model is compiled, so the
    mapping is literal SQL (no join on the large tables); empty at parse time and before the seed is
    loaded. Source words holding a quote or a backslash are left out (they are not written the same way
    as a literal on every engine).
#}
{% macro vocabulary_map_pairs(key) -%}
    {#- a dbt unit test gives a model its inputs and no seed: the mapping is tested end to end -#}
    {%- if model.resource_type == 'unit_test' -%}{{ return([]) }}{%- endif -%}
    {%- set seed = ref('vocabulary_map') -%}
    {%- if not execute or load_relation(seed) is none -%}{{ return([]) }}{%- endif -%}
    {%- set system, table, column = key.split('.') -%}
    {%- set query -%}
        select
            {{ normalise_word('source_word') }} as source_word,
            min({{ normalise_word('project_word') }}) as project_word
        from {{ seed }}
        where
            {{ normalise_word('system') }} = '{{ system }}'
            and {{ normalise_word('table_name') }} = '{{ table }}'
            and {{ normalise_word('column_name') }} = '{{ column }}'
            and {{ normalise_word('project_word') }} in ('{{ vocabulary(key) | join("', '") }}')
            and source_word is not null
        group by {{ normalise_word('source_word') }}
        order by 1
    {%- endset -%}
    {%- set pairs = [] -%}
    {%- for row in run_query(query).rows -%}
        {%- set source_word, project_word = row[0], row[1] -%}
        {%- if "'" not in source_word and '\\' not in source_word and source_word not in vocabulary(key) -%}
            {%- do pairs.append((source_word, project_word)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(pairs) }}
{%- endmacro %}


{#
    Sql: the word of `column` the project uses, null stays null. A known word as written is kept
    (the common case costs no string work); otherwise the word is normalised (normalise_word) and kept
    when known, else replaced by its project word when seed `vocabulary_map` maps it for this column,
    else `unknown` decides: `other` (descriptive columns) or the normalised word itself (money
    columns, which staging then holds as `invalid_value`).
#}
{% macro vocabulary_word(column, key, unknown='normalised') -%}
    {%- set words = "('" ~ (vocabulary(key) | join("', '")) ~ "')" -%}
    {%- set as_written = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- set normalised = normalise_word(column) -%}
    case
        when {{ column }} is null then null
        when {{ as_written }} in {{ words }} then {{ as_written }}
        when {{ normalised }} in {{ words }} then {{ normalised }}
        {%- for source_word, project_word in vocabulary_map_pairs(key) %}
        when {{ normalised }} = '{{ source_word }}' then '{{ project_word }}'
        {%- endfor %}
        else {{ "'other'" if unknown == 'other' else normalised }}
    end
{%- endmacro %}


{# A descriptive column in the project's words (vocabulary_word), `other` when outside its vocabulary. #}
{% macro map_to_vocabulary(column, key) -%}
    {{ vocabulary_word(column, key, unknown='other') }}
{%- endmacro %}


{# Boolean sql: a (normalised) money-deciding column holds a word outside its vocabulary. #}
{% macro is_outside_vocabulary(column, key) -%}
    {{ column }} is not null and {{ column }} not in ('{{ vocabulary(key) | join("', '") }}')
{%- endmacro %}

