{#-
    Ratio invariants on the TTM and cohort marts: 0 <= GRR <= NRR, GRR <= 1, 0 <= logo retention <= 1,
    and NRR - GRR equals the expansion share (sum of per-grain increases over the base).
-#}
with

retention as (

    select * from {{ ref('rpt_retention_ttm') }}

),

cohorts as (

    select * from {{ ref('fct_cohort_retention') }}

),

quarterly_cohorts as (

    select * from {{ ref('fct_cohort_retention_quarterly') }}

),

segment_cohorts as (

    select * from {{ ref('fct_cohort_retention_by_segment') }}

),

ratios as (

    select
        retention_row_id as row_id,
        'ttm' as source_model,
        nrr,
        grr,
        logo_retention
    from retention
    union all
    select
        cohort_row_id as row_id,
        'cohort' as source_model,
        nrr,
        grr,
        logo_retention
    from cohorts
    union all
    select
        cohort_row_id as row_id,
        'cohort_quarterly' as source_model,
        nrr,
        grr,
        logo_retention
    from quarterly_cohorts
    union all
    select
        cohort_row_id as row_id,
        'cohort_by_segment' as source_model,
        nrr,
        grr,
        logo_retention
    from segment_cohorts

),

bound_failures as (

    select
        row_id,
        source_model,
        'ratio out of bounds' as failure
    from ratios
    where
        grr < 0
        or grr > nrr + 1e-12
        or grr > 1 + 1e-12
        or logo_retention < 0
        or logo_retention > 1

),

identity_failures as (

    select
        retention_row_id as row_id,
        'ttm' as source_model,
        'nrr - grr differs from the expansion share' as failure
    from retention
    where abs((nrr - grr) - 1e0 * expansion_retained_mrr_usd / base_mrr_usd) > 1e-9

),

final as (

    select * from bound_failures
    union all
    select * from identity_failures

)

select * from final
