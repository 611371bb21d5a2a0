{#-
    Per trigger and calendar quarter: eligible accounts, accounts fired, fire rate and its calibration
    label, CSQLs raised from the firings, CSQLs won and won ARR, and accuracy.

    Eligible accounts come from int_trigger_eligible_accounts_counted (the catalogue's eligibility_basis).
    Fire rate = accounts fired / eligible accounts; too_restrictive below trigger_fire_rate_floor,
    too_permissive above trigger_fire_rate_ceiling, else in_band (null below
    trigger_calibration_min_eligible_accounts eligible accounts).
    Accuracy = share of firings whose trigger_accuracy_window_days window has passed by the reporting
    date that were followed inside it by an expansion (expansion triggers) or a contraction or
    cancellation (risk signals); not scored for advocacy triggers.
-#}
with

firings as (

    select * from {{ ref('fct_triggers') }}

),

eligible as (

    select * from {{ ref('int_trigger_eligible_accounts_counted') }}

),

revenue_changes as (

    select * from {{ ref('int_account_revenue_changes_listed') }}

),

csql_pipeline as (

    select * from {{ ref('fct_csql_pipeline') }}

),

bands as (

    select * from {{ ref('expansion_benchmark_bands') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

fired as (

    select
        firings.trigger_firing_id,
        firings.account_id,
        firings.trigger_key,
        firings.trigger_class,
        firings.fired_at,
        cast({{ dbt.date_trunc('quarter', 'firings.fired_at') }} as date) as quarter_start,
        {{ dbt.dateadd('day', var('trigger_accuracy_window_days'), 'firings.fired_at') }}
        <= {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }} as is_matured
    from firings
    cross join as_of

),

outcomes as (

    select
        fired.trigger_firing_id,
        max(case
            when fired.trigger_class = 'expansion' and revenue_changes.change_direction = 'expansion' then 1
            when fired.trigger_class = 'risk' and revenue_changes.change_direction = 'contraction' then 1
            else 0
        end) as is_followed_by_outcome
    from fired
    inner join revenue_changes
        on fired.account_id = revenue_changes.account_id
            and fired.fired_at < revenue_changes.changed_at
            and revenue_changes.changed_at
            <= {{ dbt.dateadd('day', var('trigger_accuracy_window_days'), 'fired.fired_at') }}
    group by fired.trigger_firing_id

),

csqls_from_firings as (

    select
        trigger_firing_id,
        count(*) as csqls,
        sum(case when outcome = 'won' then 1 else 0 end) as csqls_won,
        sum(coalesce(won_arr_usd, 0)) as won_arr_usd
    from csql_pipeline
    where trigger_firing_id is not null
    group by trigger_firing_id

),

fired_summarised as (

    select
        fired.trigger_key,
        fired.quarter_start,
        count(distinct fired.account_id) as accounts_fired,
        count(*) as firings,
        sum(coalesce(csqls_from_firings.csqls, 0)) as csqls,
        sum(coalesce(csqls_from_firings.csqls_won, 0)) as csqls_won,
        sum(coalesce(csqls_from_firings.won_arr_usd, 0)) as won_arr_usd,
        sum(case when fired.is_matured then 1 else 0 end) as matured_firings,
        sum(case when fired.is_matured then coalesce(outcomes.is_followed_by_outcome, 0) else 0 end)
            as accurate_firings
    from fired
    left join outcomes
        on fired.trigger_firing_id = outcomes.trigger_firing_id
    left join csqls_from_firings
        on fired.trigger_firing_id = csqls_from_firings.trigger_firing_id
    group by fired.trigger_key, fired.quarter_start

),

joined as (

    select
        eligible.trigger_key,
        eligible.trigger_class,
        eligible.quarter_start,
        eligible.is_complete_quarter,
        eligible.eligible_accounts,
        coalesce(fired_summarised.accounts_fired, 0) as accounts_fired,
        coalesce(fired_summarised.firings, 0) as firings,
        coalesce(fired_summarised.csqls, 0) as csqls,
        coalesce(fired_summarised.csqls_won, 0) as csqls_won,
        coalesce(fired_summarised.won_arr_usd, 0) as won_arr_usd,
        coalesce(fired_summarised.matured_firings, 0) as matured_firings,
        coalesce(fired_summarised.accurate_firings, 0) as accurate_firings
    from eligible
    left join fired_summarised
        on eligible.trigger_key = fired_summarised.trigger_key
            and eligible.quarter_start = fired_summarised.quarter_start
    {% if not python_models_enabled() %}
        {#- without the Python models the score-based triggers cannot fire: leave them out #}
        where not eligible.needs_score
    {% endif %}

),

rated as (

    select
        *,
        case when eligible_accounts > 0 then 1e0 * accounts_fired / eligible_accounts end as fire_rate,
        case
            when trigger_class != 'advocacy' and matured_firings > 0 then 1e0 * accurate_firings / matured_firings
        end as accuracy
    from joined

),

final as (

    select
        rated.trigger_key,
        rated.trigger_class,
        rated.quarter_start as fired_quarter,
        rated.is_complete_quarter,
        cast(rated.eligible_accounts as {{ dbt.type_int() }}) as eligible_accounts,
        cast(rated.accounts_fired as {{ dbt.type_int() }}) as accounts_fired,
        cast(rated.firings as {{ dbt.type_int() }}) as firings,
        cast(rated.fire_rate as {{ type_double() }}) as fire_rate,
        case
            when rated.eligible_accounts < {{ var('trigger_calibration_min_eligible_accounts') }} then null
            when rated.fire_rate < {{ var('trigger_fire_rate_floor') }} then 'too_restrictive'
            when rated.fire_rate > {{ var('trigger_fire_rate_ceiling') }} then 'too_permissive'
            else 'in_band'
        end as fire_rate_label,
        coalesce(
            rated.fire_rate >= {{ var('trigger_fire_rate_target_low') }}
            and rated.fire_rate <= {{ var('trigger_fire_rate_target_high') }},
            false
        ) as is_in_target_range,
        cast(rated.csqls as {{ dbt.type_int() }}) as csqls,
        cast(rated.csqls_won as {{ dbt.type_int() }}) as csqls_won,
        cast(rated.won_arr_usd as {{ dbt.type_numeric() }}) as won_arr_usd,
        cast(rated.matured_firings as {{ dbt.type_int() }}) as matured_firings,
        cast(rated.accurate_firings as {{ dbt.type_int() }}) as accurate_firings,
        cast(rated.accuracy as {{ type_double() }}) as accuracy,
        case when rated.trigger_class = 'expansion' then {{ benchmark_band('rated.accuracy', 'bands') }} end
            as accuracy_band
    from rated
    left join bands
        on bands.metric_key = 'trigger_accuracy'

)

select * from final
