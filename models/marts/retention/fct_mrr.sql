{#-
    One row per retention grain per month, from the grain's first month with MRR > 0 to its last,
    plus a zero row for every churn month (the first month-end at zero after MRR > 0). Months between
    a churn and a reactivation have no row. MRR in USD at constant currency unless suffixed
    _actual_fx; segment, ACV band and pricing model are as of that month. Every month through the
    as-of date is here; `is_month_closed` is false for the open month(s), whose figures are not final
    (usage billed in arrears is not loaded yet) -- board marts leave them out by default.
-#}
with

grain_revenue_lines as (

    select * from {{ ref('int_grain_revenue_line_months_aggregated') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

segment_months as (

    select * from {{ ref('int_account_segment_months_resolved') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

acv_bands as (

    select * from {{ ref('benchmark_nrr_by_acv_band') }}

),

grain_months as (

    select
        grain_id,
        revenue_month,
        sum(mrr_usd) as mrr_usd,
        sum(mrr_usd_actual_fx) as mrr_usd_actual_fx,
        sum(contracted_mrr_usd) as contracted_mrr_usd,
        sum(usage_mrr_usd) as usage_mrr_usd,
        sum(case when not is_addon then contracted_mrr_usd else 0 end) as core_mrr_usd,
        sum(case when is_addon then contracted_mrr_usd else 0 end) as addon_mrr_usd,
        sum(seats) as seats,
        count(distinct case when mrr_usd > 0 then product_line end) as product_lines
    from grain_revenue_lines
    group by grain_id, revenue_month

),

lines_ranked as (

    select
        grain_id,
        revenue_month,
        pricing_model,
        row_number() over (
            partition by grain_id, revenue_month
            order by contracted_mrr_usd desc, mrr_usd desc, product_line asc, pricing_model asc
        ) as line_rank
    from grain_revenue_lines

),

first_months as (

    select
        grain_id,
        min(revenue_month) as first_revenue_month
    from grain_months
    where round(mrr_usd, 6) > 0
    group by grain_id

),

densified as (

    select
        first_months.grain_id,
        months.revenue_month,
        cast(round(coalesce(grain_months.mrr_usd, 0), 6) as {{ dbt.type_numeric() }}) as mrr_usd,
        cast(round(coalesce(grain_months.mrr_usd_actual_fx, 0), 6) as {{ dbt.type_numeric() }})
            as mrr_usd_actual_fx,
        cast(round(coalesce(grain_months.contracted_mrr_usd, 0), 6) as {{ dbt.type_numeric() }})
            as contracted_mrr_usd,
        cast(round(coalesce(grain_months.usage_mrr_usd, 0), 6) as {{ dbt.type_numeric() }}) as usage_mrr_usd,
        cast(round(coalesce(grain_months.core_mrr_usd, 0), 6) as {{ dbt.type_numeric() }}) as core_mrr_usd,
        cast(round(coalesce(grain_months.addon_mrr_usd, 0), 6) as {{ dbt.type_numeric() }}) as addon_mrr_usd,
        coalesce(grain_months.seats, 0) as seats,
        coalesce(grain_months.product_lines, 0) as product_lines
    from first_months
    inner join months
        on first_months.first_revenue_month <= months.revenue_month
    left join grain_months
        on
            first_months.grain_id = grain_months.grain_id
            and months.revenue_month = grain_months.revenue_month

),

with_previous as (

    select
        densified.*,
        lag(densified.mrr_usd)
            over (partition by densified.grain_id order by densified.revenue_month)
            as previous_mrr_usd
    from densified

),

kept as (

    select * from with_previous
    where mrr_usd > 0 or previous_mrr_usd > 0

),

final as (

    select
        {{ dbt.concat(['kept.grain_id', "'|'", 'cast(kept.revenue_month as ' ~ dbt.type_string() ~ ')']) }}
            as grain_month_id,
        kept.grain_id,
        kept.revenue_month,
        kept.mrr_usd,
        kept.mrr_usd_actual_fx,
        cast(12 * kept.mrr_usd as {{ dbt.type_numeric() }}) as arr_usd,
        kept.contracted_mrr_usd,
        kept.usage_mrr_usd,
        kept.core_mrr_usd,
        kept.addon_mrr_usd,
        cast(kept.seats as {{ type_double() }}) as seats,
        cast(kept.product_lines as {{ dbt.type_int() }}) as product_lines,
        kept.mrr_usd > 0 as is_active,
        segment_months.segment,
        case when kept.mrr_usd > 0 then acv_bands.acv_band end as acv_band,
        coalesce(accounts.region, 'unknown') as region,
        case when kept.mrr_usd > 0 then coalesce(lines_ranked.pricing_model, 'usage') end as pricing_model,
        months.is_month_closed
    from kept
    inner join months
        on kept.revenue_month = months.revenue_month
    left join segment_months
        on
            kept.grain_id = segment_months.account_id
            and kept.revenue_month = segment_months.revenue_month
    left join accounts
        on kept.grain_id = accounts.account_id
    left join lines_ranked
        on
            kept.grain_id = lines_ranked.grain_id
            and kept.revenue_month = lines_ranked.revenue_month
            and lines_ranked.line_rank = 1
    {#- band on ARR rounded to cents: item MRR is stored to 6 decimals, so a 25,000/yr contract
        would otherwise read 24,999.999996 and fall a band low #}
    left join acv_bands
        on
            round(12 * kept.mrr_usd, 2) >= acv_bands.arr_lower_usd
            and (round(12 * kept.mrr_usd, 2) < acv_bands.arr_upper_usd or acv_bands.arr_upper_usd is null)

)

select * from final
