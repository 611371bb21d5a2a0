{#
    The firing walk shared by every trigger family (int_trigger_firings_detected for the triggers
    that need no score, fct_score_trigger_firings for the score-based ones). Emits the CTEs
    transitions, candidates, cooled_down, enriched and final; the calling model starts with
    `with recursive` and defines the CTEs `observations` (columns of the *_signals_observed models),
    `customer_spans`, `accounts` and `catalogue`, then ends with `select * from final`.

    A candidate is an observation where the condition holds and did not hold at the previous
    observation (events are always candidates), taken only while the account is a customer. Walking
    each account and trigger's candidates in time order, a candidate fires when it comes at least
    cooldown_days after the last firing; otherwise it is kept with is_fired = false (suppressed).
    Suppressed candidates never restart the cooldown. Owner, response and due time come from the
    catalogue. Everything is partitioned by account and trigger, so families can be walked apart.
#}
{% macro trigger_firings_detected() -%}
transitions as (

    select
        observations.*,
        row_number() over (
            partition by observations.account_id, observations.trigger_key, observations.observed_at
            order by observations.signal_value desc, observations.signal_detail asc
        ) as duplicate_number
    from observations
    where
        observations.is_condition_met
        and not coalesce(observations.was_condition_met, false)
        and exists (
            select 1
            from customer_spans
            where
                customer_spans.account_id = observations.account_id
                and customer_spans.customer_from <= observations.observed_at
                and (customer_spans.customer_to is null or observations.observed_at < customer_spans.customer_to)
        )

),

candidates as (

    select
        transitions.account_id,
        transitions.trigger_key,
        transitions.observed_at,
        transitions.signal_value,
        transitions.threshold_value,
        transitions.signal_detail,
        catalogue.cooldown_days,
        row_number() over (
            partition by transitions.account_id, transitions.trigger_key order by transitions.observed_at
        ) as candidate_number
    from transitions
    inner join catalogue
        on transitions.trigger_key = catalogue.trigger_key
    where transitions.duplicate_number = 1

),

cooled_down (account_id, trigger_key, candidate_number, observed_at, last_fired_at, is_fired) as (

    select
        account_id,
        trigger_key,
        candidate_number,
        observed_at,
        observed_at as last_fired_at,
        true as is_fired
    from candidates
    where candidate_number = 1

    union all

    select
        candidates.account_id,
        candidates.trigger_key,
        candidates.candidate_number,
        candidates.observed_at,
        case
            when candidates.observed_at
                >= {{ dbt.dateadd('day', 'candidates.cooldown_days', 'cooled_down.last_fired_at') }}
                then candidates.observed_at
            else cooled_down.last_fired_at
        end as last_fired_at,
        candidates.observed_at
        >= {{ dbt.dateadd('day', 'candidates.cooldown_days', 'cooled_down.last_fired_at') }} as is_fired
    from cooled_down
    inner join candidates
        on cooled_down.account_id = candidates.account_id
            and cooled_down.trigger_key = candidates.trigger_key
            and candidates.candidate_number = cooled_down.candidate_number + 1

),

enriched as (

    select
        candidates.account_id,
        candidates.trigger_key,
        catalogue.trigger_class,
        candidates.observed_at as fired_at,
        cooled_down.is_fired,
        candidates.signal_value,
        candidates.threshold_value,
        candidates.signal_detail,
        catalogue.cooldown_days,
        catalogue.owner_role,
        catalogue.response,
        catalogue.response_sla_hours,
        case
            when catalogue.owner_role in ('csm', 'csm_and_ae') then accounts.csm_owner_id
            when catalogue.owner_role = 'ae' then accounts.ae_owner_id
        end as owner_id,
        {{ dbt.dateadd(
            'minute',
            'cast(catalogue.response_sla_hours * 60 as integer)',
            'candidates.observed_at'
        ) }} as due_at
    from candidates
    inner join cooled_down
        on candidates.account_id = cooled_down.account_id
            and candidates.trigger_key = cooled_down.trigger_key
            and candidates.candidate_number = cooled_down.candidate_number
    inner join catalogue
        on candidates.trigger_key = catalogue.trigger_key
    left join accounts
        on candidates.account_id = accounts.account_id

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'account_id', "'|'", 'trigger_key', "'|'", 'cast(fired_at as ' ~ dbt.type_string() ~ ')'
        ])) }} as trigger_firing_id,
        account_id,
        trigger_key,
        trigger_class,
        cast(fired_at as {{ dbt.type_timestamp() }}) as fired_at,
        cast(fired_at as date) as fired_date,
        is_fired,
        cast(signal_value as {{ type_double() }}) as signal_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        signal_detail,
        cast(cooldown_days as {{ dbt.type_int() }}) as cooldown_days,
        owner_role,
        owner_id,
        response,
        cast(response_sla_hours as {{ type_double() }}) as response_sla_hours,
        cast(due_at as {{ dbt.type_timestamp() }}) as due_at
    from enriched

)
{%- endmacro %}
