{#-
    Is the activation gate calibrated (reference document 002)? One row per segment and gate
    criterion, plus one row per segment for the whole gate (criterion 'gate'):
    - threshold / reference_threshold: the shipped (calibrated) threshold and the document's value;
    - latest_pass_rate: share of accounts meeting it in the latest scored month (the scorecard);
      for the whole gate gate_verdict = too_strict below var gate_pass_rate_floor, too_loose above
      var gate_pass_rate_ceiling, else in_band;
    - pass_rate over the scored account-months whose calibration horizon is observed, and that
      pass rate among account-months followed by an expansion within the horizon against those
      that were not (lift = expanded / not expanded; above 1 the criterion separates expanders);
    - expansions_scored: expansions (fct_mrr_movements) whose grain was scored the month before,
      met_before_expansion_share: the share of them meeting the criterion that month;
    - suggested_threshold: the value var gate_expansion_met_share (80%) of those expansions met the
      month before (for at-least comparisons the (1 - share) quantile of their values, for at-most
      comparisons the share quantile), i.e. the threshold that would have let 80% of expanders in.
-#}
{%- set met_share = var('gate_expansion_met_share') -%}
with

criteria as (

    select * from {{ ref('fct_readiness_gate_criteria_monthly') }}

),

thresholds as (

    select * from {{ ref('readiness_gate_thresholds') }}

),

latest_month as (

    select max(score_month) as score_month from criteria

),

criterion_stats as (

    select
        criteria.segment,
        criteria.criterion,
        sum(case when criteria.is_horizon_observed then 1 else 0 end) as account_months,
        avg(case when criteria.is_horizon_observed then case when criteria.is_met then 1e0 else 0e0 end end)
            as pass_rate,
        sum(case when criteria.is_horizon_observed and criteria.expands_within_horizon then 1 else 0 end)
            as expanded_account_months,
        avg(
            case
                when criteria.is_horizon_observed and criteria.expands_within_horizon
                    then case when criteria.is_met then 1e0 else 0e0 end
            end
        ) as pass_rate_expanded,
        avg(
            case
                when criteria.is_horizon_observed and not criteria.expands_within_horizon
                    then case when criteria.is_met then 1e0 else 0e0 end
            end
        ) as pass_rate_not_expanded,
        sum(case when criteria.expands_next_month then 1 else 0 end) as expansions_scored,
        avg(case when criteria.expands_next_month then case when criteria.is_met then 1e0 else 0e0 end end)
            as met_before_expansion_share,
        percentile_cont({{ (1 - met_share) | round(6) }}) within group (
            order by case when criteria.expands_next_month then criteria.criterion_value end
        ) as value_met_by_share_at_least,
        percentile_cont({{ met_share }}) within group (
            order by case when criteria.expands_next_month then criteria.criterion_value end
        ) as value_met_by_share_at_most,
        sum(case when criteria.score_month = latest_month.score_month then 1 else 0 end) as latest_accounts,
        avg(
            case
                when criteria.score_month = latest_month.score_month
                    then case when criteria.is_met then 1e0 else 0e0 end
            end
        ) as latest_pass_rate
    from criteria
    cross join latest_month
    group by criteria.segment, criteria.criterion

),

final as (

    select
        criterion_stats.segment,
        criterion_stats.criterion,
        thresholds.comparison,
        cast(thresholds.threshold as {{ type_double() }}) as threshold,
        cast(thresholds.reference_threshold as {{ type_double() }}) as reference_threshold,
        cast(criterion_stats.latest_accounts as integer) as latest_accounts,
        criterion_stats.latest_pass_rate,
        case
            when criterion_stats.criterion <> 'gate' then null
            when criterion_stats.latest_pass_rate < {{ var('gate_pass_rate_floor') }} then 'too_strict'
            when criterion_stats.latest_pass_rate > {{ var('gate_pass_rate_ceiling') }} then 'too_loose'
            else 'in_band'
        end as gate_verdict,
        cast(criterion_stats.account_months as integer) as account_months,
        criterion_stats.pass_rate,
        cast(criterion_stats.expanded_account_months as integer) as expanded_account_months,
        criterion_stats.pass_rate_expanded,
        criterion_stats.pass_rate_not_expanded,
        criterion_stats.pass_rate_expanded / nullif(criterion_stats.pass_rate_not_expanded, 0) as lift,
        cast(criterion_stats.expansions_scored as integer) as expansions_scored,
        criterion_stats.met_before_expansion_share,
        cast(
            case
                when thresholds.comparison in ('gt', 'gte') then criterion_stats.value_met_by_share_at_least
                when thresholds.comparison in ('lt', 'lte') then criterion_stats.value_met_by_share_at_most
            end as {{ type_double() }}
        ) as suggested_threshold
    from criterion_stats
    left join thresholds
        on criterion_stats.segment = thresholds.segment
            and criterion_stats.criterion = thresholds.criterion

)

select * from final
