{#-
    Calibration: warns for every trigger and complete quarter whose fire rate left
    [trigger_fire_rate_floor, trigger_fire_rate_ceiling] (3% - 40%), judged only when at least
    trigger_calibration_min_eligible_accounts accounts were eligible. Failures are stored so the
    trigger owners can list them.
-#}
{{ config(severity='warn', store_failures=true) }}

with

effectiveness as (

    select * from {{ ref('rpt_trigger_effectiveness') }}

),

final as (

    select
        trigger_key,
        trigger_class,
        fired_quarter,
        eligible_accounts,
        accounts_fired,
        fire_rate,
        fire_rate_label
    from effectiveness
    where is_complete_quarter and fire_rate_label in ('too_restrictive', 'too_permissive')

)

select * from final
