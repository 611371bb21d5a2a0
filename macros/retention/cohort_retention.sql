{#
    Body of the cohort retention marts. Cohort = a grain's first month with MRR > 0, truncated to
    `period` ('month' or 'quarter'). For each period k since the cohort period, MRR is read at the
    period's last month (the reporting month for the period in progress) and compared with the
    grain's MRR in its first month:
        NRR_k = sum(MRR_k) / sum(MRR_0)    GRR_k = sum(min(MRR_k, MRR_0)) / sum(MRR_0)
        logo_k = count(MRR_k > 0) / count(cohort)
    With `by_segment`, cohorts are also split by the grain's segment in its first month.
#}
{% macro cohort_retention(period='month', by_segment=false) %}
{%- set months_per_period = 3 if period == 'quarter' else 1 -%}
{%- set cohort_column = 'cohort_quarter' if period == 'quarter' else 'cohort_month' -%}
{%- set since_column = 'quarters_since_start' if period == 'quarter' else 'months_since_start' -%}

with

mrr as (

    select * from {{ ref('fct_mrr') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

first_rows as (

    select
        grain_id,
        revenue_month as first_revenue_month,
        mrr_usd as starting_mrr_usd,
        segment as cohort_segment,
        row_number() over (partition by grain_id order by revenue_month) as row_rank
    from mrr
    where mrr_usd > 0

),

cohorts as (

    select
        grain_id,
        cast({{ dbt.date_trunc(period, 'first_revenue_month') }} as date) as cohort_start,
        starting_mrr_usd,
        cohort_segment
    from first_rows
    where row_rank = 1

),

last_month as (

    select max(revenue_month) as as_of_month from months

),

periods as (

    select distinct
        cohorts.cohort_start,
        cast({{ dbt.date_trunc(period, 'months.revenue_month') }} as date) as period_start
    from cohorts
    inner join months
        on months.revenue_month >= cohorts.cohort_start

),

measure_months as (

    select
        periods.cohort_start,
        cast(
            {{ dbt.datediff('periods.cohort_start', 'periods.period_start', 'month') }} / {{ months_per_period }}
            as {{ dbt.type_int() }}
        ) as periods_since_start,
        case
            when {{ dbt.dateadd('month', months_per_period - 1, 'periods.period_start') }} > last_month.as_of_month
                then last_month.as_of_month
            else cast({{ dbt.dateadd('month', months_per_period - 1, 'periods.period_start') }} as date)
        end as measure_month
    from periods
    cross join last_month

),

grain_periods as (

    select
        cohorts.cohort_start,
        {% if by_segment %}cohorts.cohort_segment,{% endif %}
        measure_months.periods_since_start,
        cohorts.grain_id,
        cohorts.starting_mrr_usd,
        coalesce(mrr.mrr_usd, 0) as mrr_usd
    from cohorts
    inner join measure_months
        on cohorts.cohort_start = measure_months.cohort_start
    left join mrr
        on
            cohorts.grain_id = mrr.grain_id
            and measure_months.measure_month = mrr.revenue_month

),

aggregated as (

    select
        cohort_start,
        {% if by_segment %}cohort_segment,{% endif %}
        periods_since_start,
        count(*) as cohort_grains,
        sum(case when mrr_usd > 0 then 1 else 0 end) as active_grains,
        sum(starting_mrr_usd) as starting_mrr_usd,
        sum(mrr_usd) as mrr_usd,
        sum(case when mrr_usd < starting_mrr_usd then mrr_usd else starting_mrr_usd end) as gross_mrr_usd
    from grain_periods
    group by cohort_start, {% if by_segment %}cohort_segment, {% endif %}periods_since_start

),

final as (

    select
        {{ dbt.concat(
            ['cast(cohort_start as ' ~ dbt.type_string() ~ ')']
            + (["'|'", 'cohort_segment'] if by_segment else [])
            + ["'|'", 'cast(periods_since_start as ' ~ dbt.type_string() ~ ')']
        ) }} as cohort_row_id,
        cohort_start as {{ cohort_column }},
        {% if by_segment %}cohort_segment as segment,{% endif %}
        cast(periods_since_start as {{ dbt.type_int() }}) as {{ since_column }},
        cast(cohort_grains as {{ dbt.type_bigint() }}) as cohort_grains,
        cast(active_grains as {{ dbt.type_bigint() }}) as active_grains,
        cast(starting_mrr_usd as {{ dbt.type_numeric() }}) as starting_mrr_usd,
        cast(mrr_usd as {{ dbt.type_numeric() }}) as mrr_usd,
        cast(gross_mrr_usd as {{ dbt.type_numeric() }}) as gross_mrr_usd,
        cast(1e0 * mrr_usd / starting_mrr_usd as {{ type_double() }}) as nrr,
        cast(1e0 * gross_mrr_usd / starting_mrr_usd as {{ type_double() }}) as grr,
        cast(1e0 * active_grains / cohort_grains as {{ type_double() }}) as logo_retention
    from aggregated

)

select * from final
{% endmacro %}
