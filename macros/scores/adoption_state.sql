{#
    Helpers of the incremental int_account_adoption_signals_monthly (DuckDB; Spark rebuilds it).

    adoption_users_digests(): per account, a digest of its users' columns the model reads (id,
    created and deactivated instants, department); adoption_features_digest(): one digest of the
    feature catalogue's adoption flags (key, core, premium). Macros account_row_digests, row_text.
#}
{% macro adoption_users_digests() -%}
    {{ account_row_digests(
        ref('int_usage__users_cleaned'), ['user_id', 'created_at', 'deactivated_at', 'department']
    ) }}
{%- endmacro %}


{% macro adoption_features_digest() -%}
    select {{ key_set_digest(row_text(['feature_key', 'is_core', 'is_premium'])) }} as digest
    from {{ ref('int_usage__features_cleaned') }}
{%- endmacro %}


{#
    The spine rows (int_account_score_months_spined) an incremental run of the adoption signals
    computes again: not stored yet; stored with another reference date; from the first month of the
    account whose events changed since the last build (`checked`: the events data-quality step;
    features adopted to date accumulate, so every later month too); of an account whose users digest
    changed; every row when the feature catalogue digest changed.
#}
{% macro adoption_rows_to_rebuild(checked) -%}
    select spine.*
    from {{ ref('int_account_score_months_spined') }} as spine
    cross join ({{ adoption_features_digest() }}) as features_digest
    left join {{ this }} as stored
        on spine.account_id = stored.account_id
            and spine.score_month = stored.score_month
    left join ({{ adoption_users_digests() }}) as users_digests
        on spine.account_id = users_digests.account_id
    left join (
        select
            account_id,
            min(usage_month) as first_month
        from ({{ usage_months_touched(checked) }}) as touched
        group by account_id
    ) as touched_from
        on spine.account_id = touched_from.account_id
    where stored.account_id is null
        or stored._reference_date is distinct from spine.reference_date
        or stored._users_digest is distinct from users_digests.digest
        or stored._features_digest is distinct from features_digest.digest
        or spine.score_month >= touched_from.first_month
{%- endmacro %}


{#
    Post-hook of an incremental model with one row per `spine` row (keys account_id and
    `month_column`): after this run's rows were appended, delete the older rows that one of them
    replaces and those whose spine row is gone.
#}
{% macro delete_replaced_spine_rows(spine, month_column) -%}
    {%- if execute and is_incremental() -%}
        {%- set now = build_instant() -%}
        {{ delete_stored_rows(this, ['account_id', month_column],
            'from ' ~ this ~ ' as stored'
            ~ ' left join ' ~ this ~ ' as rebuilt on stored.account_id = rebuilt.account_id'
            ~ ' and stored.' ~ month_column ~ ' = rebuilt.' ~ month_column ~ ' and rebuilt._built_at = ' ~ now
            ~ ' left join ' ~ spine ~ ' as spine on stored.account_id = spine.account_id'
            ~ ' and stored.' ~ month_column ~ ' = spine.' ~ month_column
            ~ ' where stored._built_at < ' ~ now
            ~ ' and (rebuilt.account_id is not null or spine.account_id is null)'
        ) }}
    {%- endif -%}
{%- endmacro %}
