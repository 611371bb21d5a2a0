{#
    Incremental PQA (int_account_pqa_signals_daily, int_account_pqa_points_accumulated). Both continue every
    account from its last stored day; their pre-hooks first delete the stored days that are no longer
    right, so what is left is a prefix of each account's days that a full refresh would write the same.
    Hooks run only on an incremental run, in the model's transaction (a failed build deletes nothing).
#}


{# Net change of users on file per account and day (created +1, deactivated -1), from `users`. #}
{% macro pqa_user_changes_by_day(users) -%}
    select
        account_id,
        change_date,
        sum(user_delta) as user_delta
    from (
        select
            account_id,
            cast(created_at as date) as change_date,
            1 as user_delta
        from {{ users }}
        where created_at is not null
        union all
        select
            account_id,
            cast(deactivated_at as date) as change_date,
            -1 as user_delta
        from {{ users }}
        where deactivated_at is not null
    ) as user_changes
    group by account_id, change_date
{%- endmacro %}


{#
    Pre-hook of int_account_pqa_signals_daily. An account keeps its stored days from its first
    product day up to the day before the earliest of:
      - the first day on which one of its events was (re)checked since the last build (new, late,
        re-synced or re-quarantined events: int_usage__events_checked._checked_at; the usage rollup
        rewrites its day rows from there on);
      - a day whose net user change (users table now) differs from the stored `user_delta`, or its
        first stored day when the users on file before it differ;
      - the day after the as-of date.
    Every other stored day is deleted, including those of accounts without product days any more.
#}
{% macro delete_stale_pqa_signal_days() -%}
    {%- if is_incremental() -%}
    {%- set built_before = stored_instant('max(_built_at)') -%}
    {%- set rows_from -%}
        from {{ this }} as stored
        left join (
            select
                first_days.account_id,
                first_days.first_usage_date,
                cast({{ dbt.dateadd('day', -1, 'restarts.restart_date') }} as date) as last_kept_date,
                as_of.as_of_date
            from (
                select account_id, min(usage_date) as first_usage_date
                from {{ ref('int_account_usage_days_aggregated') }}
                group by account_id
            ) as first_days
            cross join {{ ref('int_as_of_date_resolved') }} as as_of
            left join (
                select account_id, min(restart_date) as restart_date
                from (
                    select
                        account_id,
                        cast(occurred_at as date) as restart_date
                    from {{ ref('int_usage__events_checked') }}
                    where _checked_at > {{ built_before }} and occurred_at is not null
                    union all
                    {{ pqa_user_change_mismatches() | indent(20) }}
                ) as restart_candidates
                group by account_id
            ) as restarts
                on first_days.account_id = restarts.account_id
        ) as kept
            on stored.account_id = kept.account_id
        {#- kept: one row per account with product days; every other stored day goes #}
        where kept.account_id is null
            or stored.score_date < kept.first_usage_date
            or stored.score_date > kept.as_of_date
            or stored.score_date > kept.last_kept_date
    {%- endset -%}
    {{ delete_stored_rows(this, ['account_id', 'score_date'], rows_from) }}
    {%- endif -%}
{%- endmacro %}


{#
    (account_id, restart_date): the days whose stored user change differs from the users table now,
    and the first stored day of an account whose users on file before it differ.
#}
{% macro pqa_user_change_mismatches() -%}
    select account_id, restart_date
    from (
        with

        stored_ranges as (
            select account_id, min(score_date) as first_stored_date
            from {{ this }}
            group by account_id
        ),

        current_changes as (
            {{ pqa_user_changes_by_day(ref('int_usage__users_cleaned')) | indent(12) }}
        ),

        changed_days as (
            select
                coalesce(current_changes.account_id, stored_changes.account_id) as account_id,
                coalesce(current_changes.change_date, stored_changes.score_date) as restart_date
            from current_changes
            full outer join (
                select account_id, score_date, user_delta
                from {{ this }}
                where user_delta <> 0
            ) as stored_changes
                on current_changes.account_id = stored_changes.account_id
                    and current_changes.change_date = stored_changes.score_date
            inner join stored_ranges
                on coalesce(current_changes.account_id, stored_changes.account_id) = stored_ranges.account_id
            where coalesce(current_changes.user_delta, 0) <> coalesce(stored_changes.user_delta, 0)
                and coalesce(current_changes.change_date, stored_changes.score_date)
                >= stored_ranges.first_stored_date
        ),

        changed_first_days as (
            select
                first_stored.account_id,
                first_stored.score_date as restart_date
            from (
                select
                    stored.account_id,
                    stored.score_date,
                    stored.users_on_file - stored.user_delta as users_before
                from {{ this }} as stored
                inner join stored_ranges
                    on stored.account_id = stored_ranges.account_id
                        and stored.score_date = stored_ranges.first_stored_date
            ) as first_stored
            left join current_changes
                on first_stored.account_id = current_changes.account_id
                    and current_changes.change_date < first_stored.score_date
            group by first_stored.account_id, first_stored.score_date, first_stored.users_before
            having coalesce(sum(current_changes.user_delta), 0) <> first_stored.users_before
        )

        select account_id, restart_date from changed_days
        union all
        select account_id, restart_date from changed_first_days
    ) as mismatches
{%- endmacro %}


{#
    Pre-hook of int_account_pqa_points_accumulated. An account keeps its stored days for the days its
    signals still have, before the first signal day written since the last build (`_built_at`), and
    only while the seeds are those the state was computed with (`_scoring_version`); every other
    stored day is deleted.
#}
{% macro delete_stale_pqa_score_days() -%}
    {%- if is_incremental() -%}
    {%- set built_before = stored_instant('max(_built_at)') -%}
    {%- set rows_from -%}
        from {{ this }} as stored
        cross join ({{ pqa_scoring_version() }}) as version
        left join (
            select
                account_id,
                min(score_date) as first_date,
                max(score_date) as last_date,
                min(case when _built_at > {{ built_before }} then score_date end) as changed_from
            from {{ ref('int_account_pqa_signals_daily') }}
            group by account_id
        ) as kept
            on stored.account_id = kept.account_id
        {#- kept: one row per account with signal days; every other stored day goes #}
        where stored._scoring_version <> version.scoring_version
            or kept.account_id is null
            or stored.score_date < kept.first_date
            or stored.score_date > kept.last_date
            or stored.score_date >= kept.changed_from
    {%- endset -%}
    {{ delete_stored_rows(this, ['account_id', 'score_date'], rows_from) }}
    {%- endif -%}
{%- endmacro %}


{#
    A digest of the PQA seeds the running state depends on (pqa_points, score_parameters of pqa):
    numbers as decimal(18, 6) text and the rows sorted, so every engine gives the same digest.
#}
{% macro pqa_scoring_version() -%}
    {%- set rows -%}
        select {{ dbt.concat(["'p|'", 'signal_column', "'|'", 'credit_rule', "'|'", pqa_number_text('points')]) }} as seed_row
        from {{ ref('pqa_points') }}
        union all
        select {{ dbt.concat(["'s|'", 'parameter', "'|'", pqa_number_text('value')]) }}
        from {{ ref('score_parameters') }}
        where score_model = 'pqa'

    {%- endset -%}
    select {{ dbt.hash(sorted_listagg('seed_row', "';'")) }} as scoring_version
    from ({{ rows }}) as seed_rows
{%- endmacro %}


{% macro pqa_number_text(column) -%}
    coalesce(cast(cast({{ column }} as decimal(18, 6)) as {{ dbt.type_string() }}), '')
{%- endmacro %}


{# A column of the stored PQA state on an account's last stored day (null on a full build). #}
{# The newest stored row of every account in this incremental model (`date_column`: its day). #}
{% macro last_stored_rows(date_column) -%}
    select stored.*
    from {{ this }} as stored
    inner join (
        select
            account_id,
            max({{ date_column }}) as last_date
        from {{ this }}
        group by account_id
    ) as stored_ends
        on stored.account_id = stored_ends.account_id
            and stored.{{ date_column }} = stored_ends.last_date
{%- endmacro %}


{% macro pqa_stored_state(column) -%}
    {%- if is_incremental() -%}stored_state.{{ column }}{%- else -%}null{%- endif -%}
{%- endmacro %}


{#
    One row with the points of every (signal column, credit rule) of `points` (seed pqa_points) as
    columns w_<signal>_<rule>, for the rules in `rules`; 0 where the seed has none.
#}
{% macro pqa_weights(points, rules) -%}
    select
    {%- for signal in pqa_signal_columns() %}
        {%- set outer_last = loop.last %}
        {%- for rule in rules %}
        sum(case when signal_column = '{{ signal }}' and credit_rule = '{{ rule }}' then points else 0 end)
            as w_{{ signal }}_{{ rule }}{% if not (outer_last and loop.last) %},{% endif %}
        {%- endfor %}
    {%- endfor %}
    from {{ points }}
{%- endmacro %}


{#
    A date literal for int_account_pqa_points_accumulated on an incremental run: no signal day on or
    before it is read, so the scan skips the older row groups. None at parse time, on a full build
    and when the seeds changed (the pre-hook then deletes every stored day).
    After the pre-hook (delete_stale_pqa_score_days) an account continues from its last kept day and
    reads the one-off window before it. That day is at least the earliest of: the accounts' last
    stored days (nothing deleted), the day before the first signal day written since the last build
    (days from it deleted), the accounts' last signal days (days past them deleted); the bound is
    that day minus the window. An account left with no stored day starts at a signal day written
    since the last build, after the bound.
#}
{% macro pqa_points_signals_after() -%}
    {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
    {%- set stale_version = run_query(
        'select count(*) from ' ~ this ~ ' where _scoring_version <> (select scoring_version from ('
        ~ pqa_scoring_version() ~ ') as version)'
    ).columns[0].values()[0] -%}
    {%- if stale_version > 0 -%}{{ return(none) }}{%- endif -%}
    {%- set signals = ref('int_account_pqa_signals_daily') -%}
    {%- set earliest_kept -%}
        least(
            (select min(last_date) from (
                select max(score_date) as last_date from {{ this }} group by account_id
            ) as stored_ends),
            (select cast({{ dbt.dateadd('day', -1, 'min(score_date)') }} as date)
                from {{ signals }} where _built_at > {{ stored_instant('max(_built_at)') }}),
            (select min(last_date) from (
                select max(score_date) as last_date from {{ signals }} group by account_id
            ) as signal_ends)
        )
    {%- endset -%}
    {%- set window_days -%}
        (select cast(value as {{ dbt.type_int() }}) from {{ ref('score_parameters') }}
            where score_model = 'pqa' and parameter = 'one_off_window_days')
    {%- endset -%}
    {{ return(query_literal(
        'select cast(' ~ dbt.dateadd('day', '-' ~ window_days, earliest_kept) ~ ' as date)', 'date', none
    )) }}
{%- endmacro %}
