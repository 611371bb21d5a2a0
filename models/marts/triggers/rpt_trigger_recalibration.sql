{#-
    Trigger recalibration (reference document 002: each trigger should fire on 5-15% of eligible
    accounts a quarter; under var trigger_fire_rate_floor too restrictive, over var
    trigger_fire_rate_ceiling too permissive). One row per catalogue trigger: its pooled fire rate
    over the complete quarters of rpt_trigger_effectiveness (accounts fired / eligible accounts,
    summed over the quarters) and its label; and, from the signal values observed in those quarters
    (the trigger's observation models; the catalogue's signal_direction says whether higher or lower
    values meet the condition), the threshold that would have fired on the target share of eligible
    accounts per quarter (var trigger_fire_rate_target, inside the 5-15% target band) with the fire
    rate it would have had: an account-quarter counts as fired when its most extreme observed value
    reaches the threshold. This ignores the transition, persistence and cooldown rules, so the rate is
    an upper bound of what the trigger would fire; it is a starting point for the next seed change.
    Triggers without a signal distribution (events, score-based triggers, a signal that only records
    the threshold) get no suggestion (suggestion_basis says why).
-#}
{%- set target_rate = var('trigger_fire_rate_target') -%}
with

usage_signals as (

    select * from {{ ref('int_usage_signals_observed') }}

),

usage_window_signals as (

    select * from {{ ref('int_usage_window_signals_observed') }}

),

crm_signals as (

    select * from {{ ref('int_crm_signals_observed') }}

),

billing_signals as (

    select * from {{ ref('int_billing_signals_observed') }}

),

effectiveness as (

    select * from {{ ref('rpt_trigger_effectiveness') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

observations_unioned as (

    select
        account_id,
        trigger_key,
        observed_at,
        signal_value
    from usage_signals
    union all
    select
        account_id,
        trigger_key,
        observed_at,
        signal_value
    from usage_window_signals
    union all
    select
        account_id,
        trigger_key,
        observed_at,
        signal_value
    from crm_signals
    union all
    select
        account_id,
        trigger_key,
        observed_at,
        signal_value
    from billing_signals

),

complete_quarters as (

    select
        trigger_key,
        fired_quarter,
        eligible_accounts,
        accounts_fired
    from effectiveness
    where is_complete_quarter

),

pooled as (

    select
        trigger_key,
        sum(eligible_accounts) as eligible_account_quarters,
        sum(accounts_fired) as fired_account_quarters
    from complete_quarters
    group by trigger_key

),

account_quarter_extremes as (

    {#- the most extreme value each account showed in each complete quarter, oriented so that a
        higher oriented value always means closer to firing -#}
    select
        observations_unioned.trigger_key,
        observations_unioned.account_id,
        complete_quarters.fired_quarter,
        max(
            case
                when catalogue.signal_direction = 'at_or_below' then -1 * observations_unioned.signal_value
                else observations_unioned.signal_value
            end
        ) as oriented_value
    from observations_unioned
    inner join catalogue
        on observations_unioned.trigger_key = catalogue.trigger_key
    inner join complete_quarters
        on observations_unioned.trigger_key = complete_quarters.trigger_key
            and cast({{ dbt.date_trunc('quarter', 'observations_unioned.observed_at') }} as date)
            = complete_quarters.fired_quarter
    where
        catalogue.signal_direction in ('at_or_above', 'at_or_below')
        and observations_unioned.signal_value is not null
    group by
        observations_unioned.trigger_key,
        observations_unioned.account_id,
        complete_quarters.fired_quarter

),

extremes_ranked as (

    select
        account_quarter_extremes.trigger_key,
        account_quarter_extremes.oriented_value,
        row_number() over (
            partition by account_quarter_extremes.trigger_key
            order by account_quarter_extremes.oriented_value desc
        ) as value_rank,
        count(*) over (partition by account_quarter_extremes.trigger_key) as valued_account_quarters
    from account_quarter_extremes

),

distinct_values_counted as (

    {#- grouped, not a distinct window count (Spark has no distinct window functions) -#}
    select
        trigger_key,
        count(distinct oriented_value) as distinct_values
    from account_quarter_extremes
    group by trigger_key

),

suggested as (

    {#- the value at rank ceil(target x eligible account-quarters): that many account-quarters
        reach it (or all that have a value, when fewer do) -#}
    select
        extremes_ranked.trigger_key,
        min(extremes_ranked.oriented_value) as oriented_threshold,
        max(distinct_values_counted.distinct_values) as distinct_values
    from extremes_ranked
    inner join pooled
        on extremes_ranked.trigger_key = pooled.trigger_key
    inner join distinct_values_counted
        on extremes_ranked.trigger_key = distinct_values_counted.trigger_key
    where extremes_ranked.value_rank
        <= cast(ceiling({{ target_rate }} * pooled.eligible_account_quarters) as {{ dbt.type_int() }})
    group by extremes_ranked.trigger_key

),

suggested_rates as (

    select
        suggested.trigger_key,
        suggested.oriented_threshold,
        suggested.distinct_values,
        sum(case when account_quarter_extremes.oriented_value >= suggested.oriented_threshold then 1 else 0 end)
            as account_quarters_reaching
    from suggested
    inner join account_quarter_extremes
        on suggested.trigger_key = account_quarter_extremes.trigger_key
    group by suggested.trigger_key, suggested.oriented_threshold, suggested.distinct_values

),

final as (

    select
        catalogue.trigger_key,
        catalogue.trigger_class,
        catalogue.threshold_value,
        catalogue.reference_threshold_value,
        catalogue.signal_direction,
        cast(coalesce(pooled.eligible_account_quarters, 0) as integer) as eligible_account_quarters,
        cast(coalesce(pooled.fired_account_quarters, 0) as integer) as fired_account_quarters,
        1e0 * pooled.fired_account_quarters / nullif(pooled.eligible_account_quarters, 0) as pooled_fire_rate,
        case
            when pooled.eligible_account_quarters is null or pooled.eligible_account_quarters = 0 then null
            when 1e0 * pooled.fired_account_quarters / pooled.eligible_account_quarters
                < {{ var('trigger_fire_rate_floor') }} then 'too_restrictive'
            when 1e0 * pooled.fired_account_quarters / pooled.eligible_account_quarters
                > {{ var('trigger_fire_rate_ceiling') }} then 'too_permissive'
            else 'in_band'
        end as fire_rate_label,
        case
            when catalogue.signal_direction not in ('at_or_above', 'at_or_below') then 'no_threshold_signal'
            when suggested_rates.trigger_key is null then 'no_observations'
            when suggested_rates.distinct_values < 2 then 'signal_records_the_threshold_only'
            else 'observed_signal_quantile'
        end as suggestion_basis,
        case
            when suggested_rates.distinct_values >= 2
                then case
                        when catalogue.signal_direction = 'at_or_below' then -1 * suggested_rates.oriented_threshold
                        else suggested_rates.oriented_threshold
                    end
        end as suggested_threshold_value,
        case
            when suggested_rates.distinct_values >= 2
                then 1e0 * suggested_rates.account_quarters_reaching / nullif(pooled.eligible_account_quarters, 0)
        end as suggested_fire_rate
    from catalogue
    left join pooled
        on catalogue.trigger_key = pooled.trigger_key
    left join suggested_rates
        on catalogue.trigger_key = suggested_rates.trigger_key

)

select * from final
