{%- set vectors = ['seat', 'price', 'tier', 'cross_sell', 'usage'] -%}
{#-
    One row per retention grain per month whose MRR changed: new, expansion, contraction, churn or
    reactivation (constant currency). Expansion and contraction rows are split by vector, per product
    line between the two month-ends:
      cross_sell  a product line appears (or disappears) at the grain
      seat        quantity change on a per-seat or flat line, valued at last month's price per unit
      usage       quantity change on a usage-priced line (committed units), and usage revenue
      tier        the rest of a line's change when its plan tier changed
      price       the rest of a line's change otherwise (list price, uplift, discount)
    Vectors are gross: a grain can add seats and lose price in one month; Σ expansion_* − Σ
    contraction_* equals mrr_change_usd (to rounding). Expansion and contraction rows are tagged
    at_renewal when a contributing item change falls within renewal_window_days of a term end.
    Vectors: int_grain_mrr_vectors_decomposed; renewal tags: int_grain_renewal_months_flagged.
-#}
with

mrr as (

    select * from {{ ref('fct_mrr') }}

),

grain_vectors as (

    select * from {{ ref('int_grain_mrr_vectors_decomposed') }}

),

renewal_flags as (

    select * from {{ ref('int_grain_renewal_months_flagged') }}

),

first_months as (

    select
        grain_id,
        min(revenue_month) as first_revenue_month
    from mrr
    where is_active
    group by grain_id

),

with_previous as (

    select
        mrr.grain_id,
        mrr.revenue_month,
        mrr.mrr_usd,
        mrr.segment,
        mrr.acv_band,
        previous.acv_band as previous_acv_band,
        mrr.region,
        first_months.first_revenue_month,
        coalesce(previous.mrr_usd, 0) as previous_mrr_usd,
        coalesce(mrr.pricing_model, previous.pricing_model) as pricing_model
    from mrr
    inner join first_months
        on mrr.grain_id = first_months.grain_id
    left join mrr as previous
        on
            mrr.grain_id = previous.grain_id
            and previous.revenue_month = {{ dbt.dateadd('month', -1, 'mrr.revenue_month') }}

),

classified as (

    select
        *,
        case
            when previous_mrr_usd = 0 and mrr_usd > 0 and revenue_month = first_revenue_month then 'new'
            when previous_mrr_usd = 0 and mrr_usd > 0 then 'reactivation'
            when previous_mrr_usd > 0 and mrr_usd = 0 then 'churn'
            when mrr_usd > previous_mrr_usd then 'expansion'
            when mrr_usd < previous_mrr_usd then 'contraction'
        end as movement_type
    from with_previous

),

final as (

    select
        {{ dbt.concat(['classified.grain_id', "'|'", 'cast(classified.revenue_month as ' ~ dbt.type_string() ~ ')']) }}
            as movement_id,
        classified.grain_id,
        classified.revenue_month,
        classified.movement_type,
        classified.previous_mrr_usd,
        classified.mrr_usd,
        cast(classified.mrr_usd - classified.previous_mrr_usd as {{ dbt.type_numeric() }}) as mrr_change_usd,
        cast(
            case
                when classified.mrr_usd >= classified.previous_mrr_usd
                    then classified.mrr_usd - classified.previous_mrr_usd
                else classified.previous_mrr_usd - classified.mrr_usd
            end as {{ dbt.type_numeric() }}
        ) as movement_mrr_usd,
        {% for vector in vectors -%}
            cast(
                case
                    when classified.movement_type in ('expansion', 'contraction')
                        then coalesce(grain_vectors.expansion_{{ vector }}_usd, 0)
                    else 0
                end as {{ dbt.type_numeric() }}
            ) as expansion_{{ vector }}_usd,
            cast(
                case
                    when classified.movement_type in ('expansion', 'contraction')
                        then coalesce(grain_vectors.contraction_{{ vector }}_usd, 0)
                    else 0
                end as {{ dbt.type_numeric() }}
            ) as contraction_{{ vector }}_usd,
        {% endfor -%}
        case
            when classified.movement_type not in ('expansion', 'contraction') then null
            when renewal_flags.is_at_renewal = 1 then 'at_renewal'
            else 'in_year'
        end as renewal_timing,
        classified.segment,
        coalesce(classified.acv_band, classified.previous_acv_band) as acv_band,
        classified.region,
        classified.pricing_model
    from classified
    left join grain_vectors
        on
            classified.grain_id = grain_vectors.grain_id
            and classified.revenue_month = grain_vectors.revenue_month
    left join renewal_flags
        on
            classified.grain_id = renewal_flags.grain_id
            and classified.revenue_month = renewal_flags.revenue_month
    where classified.movement_type is not null

)

select * from final
