{#-
    One row per account with at least one trigger fired in the trigger_active_days days up to the
    reporting date: the distinct trigger keys as a comma-separated list (expansion first, then risk,
    then advocacy; alphabetical within a class), their count and the latest firing. Feeds the
    scorecard's active_triggers column.
-#}
with

firings as (

    select * from {{ ref('int_trigger_firings_detected') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

recent as (

    select distinct
        firings.account_id,
        firings.trigger_key,
        firings.trigger_class,
        case firings.trigger_class when 'expansion' then 1 when 'risk' then 2 else 3 end as class_order
    from firings
    cross join as_of
    where
        firings.is_fired
        and firings.fired_date <= as_of.as_of_date
        and firings.fired_date > {{ dbt.dateadd('day', -1 * var('trigger_active_days'), 'as_of.as_of_date') }}

),

latest as (

    select
        firings.account_id,
        max(firings.fired_at) as last_fired_at
    from firings
    inner join recent
        on firings.account_id = recent.account_id
            and firings.trigger_key = recent.trigger_key
    where firings.is_fired
    group by firings.account_id

),

listed as (

    select
        account_id,
        {{ dbt.listagg(
            'trigger_key', "', '", "order by class_order, trigger_key"
        ) }} as active_triggers,
        count(*) as active_trigger_count,
        sum(case when trigger_class = 'expansion' then 1 else 0 end) as active_expansion_trigger_count,
        sum(case when trigger_class = 'risk' then 1 else 0 end) as active_risk_signal_count
    from recent
    group by account_id

),

final as (

    select
        listed.account_id,
        listed.active_triggers,
        cast(listed.active_trigger_count as {{ dbt.type_int() }}) as active_trigger_count,
        cast(listed.active_expansion_trigger_count as {{ dbt.type_int() }}) as active_expansion_trigger_count,
        cast(listed.active_risk_signal_count as {{ dbt.type_int() }}) as active_risk_signal_count,
        latest.last_fired_at
    from listed
    inner join latest
        on listed.account_id = latest.account_id

)

select * from final
