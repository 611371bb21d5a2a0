{#
    Keep what did not change (DuckDB). A build rebuilds a SQL table only when its definition or one
    of its inputs changed since the build that wrote it, and re-creates a SQL view only when its
    definition or the columns its query binds to changed. Everything else is kept as it is, so a
    daily load of new events does not rebuild the billing and CRM side of the DAG.

    State: one row per model in <target schema>.erw_build_state (node_id, definition, fingerprint).
      definition   md5 of what decides the model's rows: compiled SQL, config, columns, description,
                   the dbt version and, for a model hashing PII, the PII key's public id.
      fingerprint  table: md5 of the definition and of every input's version (below), taken before
                   the build; view: md5 of the definition and of the columns its query binds to.
    Version of an input:
      source, seed, snapshot     count and sum of row hashes of its current contents (`absent`
                                 when not loaded);
      SQL table (stored state)   its stored fingerprint;
      SQL view (stored state)    md5 of its definition and of its own inputs' versions;
      anything else (incremental and Python models, a model with no state) a new value every run,
                                 so whatever reads it is always rebuilt.
    A model's row is replaced inside its build transaction (post-hooks), so it changes exactly when
    the model does. --full-refresh, or var reuse_unchanged_models: false, rebuilds everything (and
    still records the state).
    Spark keeps dbt-spark's materializations: no reuse there.
#}

{% materialization table, adapter='duckdb', supported_languages=['sql', 'python'] %}
    {%- if model.language == 'python' -%}
        {#-
            dbt submits a Python model only from a statement called directly by the materialization,
            so this one builds it here (no reuse): new table, swap, drop the old one.
        -#}
        {%- set existing = load_cached_relation(this) -%}
        {%- set target_relation = this.incorporate(type='table') -%}
        {%- set intermediate = make_intermediate_relation(target_relation) -%}
        {%- set backup = make_backup_relation(target_relation, existing.type if existing else 'table') -%}
        {{ drop_relation_if_exists(load_cached_relation(intermediate)) }}
        {{ drop_relation_if_exists(load_cached_relation(backup)) }}
        {{ run_hooks(pre_hooks, inside_transaction=False) }}
        {{ run_hooks(pre_hooks, inside_transaction=True) }}
        {%- call statement('main', language='python') -%}
            {{- create_table_as(False, intermediate, compiled_code, 'python') }}
        {%- endcall -%}
        {%- if existing is not none -%}
            {{ adapter.rename_relation(existing, backup) }}
        {%- endif -%}
        {{ adapter.rename_relation(intermediate, target_relation) }}
        {{ run_hooks(post_hooks, inside_transaction=True) }}
        {%- do apply_grants(target_relation, config.get('grants'), should_revoke(existing, full_refresh_mode=True)) -%}
        {%- do persist_docs(target_relation, model) -%}
        {{ adapter.commit() }}
        {{ drop_relation_if_exists(backup) }}
        {{ run_hooks(post_hooks, inside_transaction=False) }}
        {{ return({'relations': [target_relation]}) }}
    {%- endif -%}
    {%- set check = reuse_check('table') -%}
    {%- if check.unchanged -%}
        {{ return(keep_unchanged_relation('table')) }}
    {%- endif -%}
    {%- do post_hooks.extend(build_state_hooks(check)) -%}
    {{ return(dbt.materialization_table_duckdb()) }}
{% endmaterialization %}

{% materialization view, adapter='duckdb' %}
    {%- set check = reuse_check('view') -%}
    {%- if check.unchanged -%}
        {{ return(keep_unchanged_relation('view')) }}
    {%- endif -%}
    {%- do post_hooks.extend(build_state_hooks(check)) -%}
    {{ return(dbt.materialization_view_default()) }}
{% endmaterialization %}


{# The state table; created by the on-run-start hook (no-op on Spark). #}
{% macro build_state_relation() -%}
    {{ return(api.Relation.create(
        database=target.database, schema=target.schema, identifier='erw_build_state', type='table'
    )) }}
{%- endmacro %}

{% macro create_build_state() -%}
    {{ return(adapter.dispatch('create_build_state', 'expansion_revenue')()) }}
{%- endmacro %}

{% macro default__create_build_state() -%}
    {%- set writable = execute and run_query(
        "select count(*) from duckdb_databases() where database_name = '" ~ target.database ~ "' and not readonly"
    ).columns[0].values()[0] > 0 -%}
    {#- a read-only connection (the `reader` target: docs, MetricFlow) builds nothing and needs no state -#}
    {%- if writable -%}
        {#- in a transaction of its own or the one an earlier hook left open, committed here -#}
        {%- call statement('create_build_state', auto_begin=True) -%}
            create table if not exists {{ build_state_relation() }}
                (node_id varchar, definition varchar, fingerprint varchar, recorded_at timestamp)
        {%- endcall -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__create_build_state() -%}
    {{ return('') }}
{%- endmacro %}


{#
    {enabled, unchanged, definition, fingerprint} of the model being built as `kind` ('table' or
    'view'). Not enabled for Python models or with reuse_unchanged_models off.
#}
{% macro reuse_check(kind) -%}
    {%- if model.language != 'sql' or not var('reuse_unchanged_models', true) -%}
        {{ return({'enabled': false, 'unchanged': false}) }}
    {%- endif -%}
    {%- set state = stored_build_states() -%}
    {%- set definition = model_definition_digest(kind) -%}
    {%- if kind == 'view' -%}
        {%- set fingerprint = local_md5(definition ~ bound_columns(compiled_code)) -%}
    {%- else -%}
        {%- set versions = [] -%}
        {%- for parent in model.depends_on.nodes | sort -%}
            {%- do versions.append([parent, input_version(parent, state)]) -%}
        {%- endfor -%}
        {%- set fingerprint = local_md5(definition ~ tojson(versions)) -%}
    {%- endif -%}
    {%- set existing = load_cached_relation(this) -%}
    {%- set stored = state.get(model.unique_id) -%}
    {%- set unchanged = existing is not none and existing.type == kind and not should_full_refresh()
        and stored is not none and stored.fingerprint == fingerprint -%}
    {{ return({'enabled': true, 'unchanged': unchanged, 'definition': definition, 'fingerprint': fingerprint}) }}
{%- endmacro %}


{# node_id -> {definition, fingerprint} for every stored row. #}
{% macro stored_build_states() -%}
    {%- set rows = run_query(
        'select node_id, definition, fingerprint from ' ~ build_state_relation()
    ) -%}
    {%- set state = {} -%}
    {%- for row in rows -%}
        {%- do state.update({row[0]: {'definition': row[1], 'fingerprint': row[2]}}) -%}
    {%- endfor -%}
    {{ return(state) }}
{%- endmacro %}


{#- The database's own name is left out: the same file copied under another name keeps its state. -#}
{#- A model hashing PII also depends on the key: its public id (erw_pii_key_id) is part of the
    definition, so a build after a key rotation rebuilds it and everything reading it. -#}
{% macro model_definition_digest(kind) -%}
    {%- set code = compiled_code | replace('"' ~ target.database ~ '".', '') -%}
    {%- set pii_key_id = run_query('select erw_pii_key_id()').columns[0].values()[0]
        if 'erw_pii_hmac(' in code else none -%}
    {{ return(local_md5(tojson(
        [kind, dbt_version, code, model.config, model.columns, model.description, pii_key_id],
        sort_keys=true
    ))) }}
{%- endmacro %}


{# Names and types of the columns `sql` returns (binding only, nothing runs). #}
{% macro bound_columns(sql) -%}
    {%- set described = run_query('describe ' ~ sql) -%}
    {{ return(tojson([described.columns[0].values() | list, described.columns[1].values() | list])) }}
{%- endmacro %}


{# Version of an input of a table (see the header). #}
{% macro input_version(node_id, state) -%}
    {%- set volatile = 'volatile:' ~ invocation_id -%}
    {%- if node_id.startswith('source.') -%}
        {%- set node = graph.sources[node_id] -%}
        {%- if (node.source_name, node.name) == ('usage', 'events') -%}
            {{ return(relation_contents_digest(raw_events_source())) }}
        {%- elif source_column_names(node.source_name, node.name) is none -%}
            {{ return('absent') }}  {#- an optional raw table left out (optional_source) -#}
        {%- endif -%}
        {{ return(relation_contents_digest(node.relation_name)) }}
    {%- endif -%}
    {%- set node = graph.nodes.get(node_id) -%}
    {%- if node is none -%}
        {{ return(volatile) }}
    {%- elif node.resource_type in ('seed', 'snapshot') -%}
        {#- not loaded yet (a run of models only): the vocabulary_map seed is read only if present -#}
        {%- if adapter.get_relation(node.database, node.schema, node.alias) is none -%}
            {{ return('absent') }}
        {%- endif -%}
        {{ return(relation_contents_digest(node.relation_name)) }}
    {%- endif -%}
    {%- set stored = state.get(node_id) -%}
    {%- if node.resource_type != 'model' or node.language != 'sql' or stored is none -%}
        {{ return(volatile) }}
    {%- elif node.config.materialized == 'table' -%}
        {{ return(stored.fingerprint) }}
    {%- elif node.config.materialized != 'view' -%}
        {{ return(volatile) }}
    {%- endif -%}
    {%- set versions = [] -%}
    {%- for parent in node.depends_on.nodes | sort -%}
        {%- do versions.append(input_version(parent, state)) -%}
    {%- endfor -%}
    {{ return(local_md5(stored.definition ~ tojson(versions))) }}
{%- endmacro %}


{# Row count and sum of row hashes: changes when any value of any row does. #}
{% macro relation_contents_digest(relation) -%}
    {%- set found = run_query(
        'select count(*), coalesce(sum(hash(t)), 0) from ' ~ relation ~ ' as t'
    ) -%}
    {{ return(found.columns[0].values()[0] ~ ':' ~ found.columns[1].values()[0]) }}
{%- endmacro %}


{#
    The state row of the model being built, as two post-hooks that run inside its build transaction:
    the row changes if and only if the build commits.
#}
{% macro build_state_hooks(check) -%}
    {%- if not check.enabled -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set node_filter = " where node_id = '" ~ model.unique_id ~ "'" -%}
    {{ return([
        {'sql': 'delete from ' ~ build_state_relation() ~ node_filter, 'transaction': true},
        {'sql': 'insert into ' ~ build_state_relation() ~ " values ('" ~ model.unique_id ~ "', '"
            ~ check.definition ~ "', '" ~ check.fingerprint ~ "', " ~ dbt.current_timestamp() ~ ')',
         'transaction': true},
    ]) }}
{%- endmacro %}


{# A kept relation: nothing runs; the run result says so. #}
{% macro keep_unchanged_relation(kind) -%}
    {%- do store_raw_result('main', message='KEPT (unchanged)', code='KEPT', rows_affected=0) -%}
    {{ return({'relations': [this.incorporate(type=kind)]}) }}
{%- endmacro %}
