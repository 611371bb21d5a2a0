{#-
    Headcount trigger condition, observed at every account snapshot with the state at the previous one:
      headcount_growth   employees grew >= threshold against the latest snapshot at least window_days older
-#}
with

snapshots as (

    select * from {{ ref('int_crm__account_snapshots_cleaned') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

snapshot_baselines as (

    select
        current_snapshot.account_id,
        current_snapshot.snapshot_date,
        current_snapshot.employee_count,
        baseline.employee_count as baseline_employee_count,
        catalogue.threshold_value,
        row_number() over (
            partition by current_snapshot.account_id, current_snapshot.snapshot_date
            order by baseline.snapshot_date desc
        ) as baseline_rank
    from snapshots as current_snapshot
    inner join catalogue
        on catalogue.trigger_key = 'headcount_growth'
    inner join snapshots as baseline
        on current_snapshot.account_id = baseline.account_id
            and baseline.snapshot_date
            <= {{ dbt.dateadd('day', '-1 * catalogue.window_days', 'current_snapshot.snapshot_date') }}

),

headcount_states as (

    select
        account_id,
        snapshot_date,
        threshold_value,
        1e0 * employee_count / nullif(baseline_employee_count, 0) - 1 as employee_growth
    from snapshot_baselines
    where baseline_rank = 1

),

headcount_observed as (

    select
        account_id,
        'headcount_growth' as trigger_key,
        cast(snapshot_date as {{ dbt.type_timestamp() }}) as observed_at,
        coalesce(employee_growth >= threshold_value, false) as is_condition_met,
        {{ previous_state('employee_growth >= threshold_value', 'account_id', 'snapshot_date') }}
            as was_condition_met,
        employee_growth as signal_value,
        threshold_value,
        'employee growth against the baseline snapshot' as signal_detail
    from headcount_states

),

final as (

    {{ select_observations(['headcount_observed']) }}

)

select * from final
