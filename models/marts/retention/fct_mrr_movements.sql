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
-#}
with

mrr as (

    select * from {{ ref('fct_mrr') }}

),

revenue_lines as (

    select * from {{ ref('int_grain_revenue_line_months_aggregated') }}

),

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

subscriptions as (

    select * from {{ ref('int_billing__subscriptions_cleaned') }}

),

hierarchies as (

    select * from {{ ref('int_account_hierarchies_resolved') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

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

line_pairs as (

    {#- a revenue line (product line x pricing model) this month next to itself last month #}
    select
        coalesce(current_lines.grain_id, previous_lines.grain_id) as grain_id,
        coalesce(
            current_lines.revenue_month, {{ dbt.dateadd('month', 1, 'previous_lines.revenue_month') }}
        ) as revenue_month,
        coalesce(current_lines.product_line, previous_lines.product_line) as product_line,
        coalesce(current_lines.pricing_model, previous_lines.pricing_model) as pricing_model,
        coalesce(current_lines.contracted_mrr_usd, 0) as contracted_now,
        coalesce(previous_lines.contracted_mrr_usd, 0) as contracted_before,
        coalesce(current_lines.usage_mrr_usd, 0) as usage_now,
        coalesce(previous_lines.usage_mrr_usd, 0) as usage_before,
        coalesce(current_lines.quantity, 0) as quantity_now,
        coalesce(previous_lines.quantity, 0) as quantity_before,
        current_lines.tier_rank as tier_rank_now,
        previous_lines.tier_rank as tier_rank_before
    from revenue_lines as current_lines
    full outer join revenue_lines as previous_lines
        on
            current_lines.grain_id = previous_lines.grain_id
            and current_lines.product_line = previous_lines.product_line
            and current_lines.pricing_model = previous_lines.pricing_model
            and current_lines.revenue_month = {{ dbt.dateadd('month', 1, 'previous_lines.revenue_month') }}

),

product_line_presence as (

    select
        grain_id,
        revenue_month,
        product_line,
        sum(contracted_now) as product_line_now,
        sum(contracted_before) as product_line_before
    from line_pairs
    group by grain_id, revenue_month, product_line

),

line_effects as (

    select
        line_pairs.grain_id,
        line_pairs.revenue_month,
        line_pairs.pricing_model,
        line_pairs.usage_now - line_pairs.usage_before as usage_revenue_effect,
        {#- a product line new to (or gone from) the grain is cross-sell, whatever its plans #}
        case
            when product_line_presence.product_line_before = 0 and product_line_presence.product_line_now > 0
                then line_pairs.contracted_now
            when product_line_presence.product_line_now = 0 and product_line_presence.product_line_before > 0
                then -line_pairs.contracted_before
            else 0
        end as cross_sell_effect,
        {#- within a continuing product line: the quantity change at last month's price per unit; a
            revenue line added or dropped inside it counts whole as quantity #}
        case
            when product_line_presence.product_line_before = 0 or product_line_presence.product_line_now = 0
                then 0
            when line_pairs.contracted_before = 0 or line_pairs.contracted_now = 0
                then line_pairs.contracted_now - line_pairs.contracted_before
            when line_pairs.quantity_before > 0
                then (line_pairs.quantity_now - line_pairs.quantity_before)
                    * line_pairs.contracted_before / line_pairs.quantity_before
            else 0
        end as quantity_effect,
        coalesce(
            product_line_presence.product_line_before > 0
            and product_line_presence.product_line_now > 0
            and line_pairs.contracted_before > 0
            and line_pairs.contracted_now > 0,
            false
        ) as is_continuing_line,
        line_pairs.contracted_now - line_pairs.contracted_before as contracted_change_on_line,
        coalesce(line_pairs.tier_rank_now != line_pairs.tier_rank_before, false) as is_tier_change
    from line_pairs
    inner join product_line_presence
        on
            line_pairs.grain_id = product_line_presence.grain_id
            and line_pairs.revenue_month = product_line_presence.revenue_month
            and line_pairs.product_line = product_line_presence.product_line

),

line_vectors as (

    select
        grain_id,
        revenue_month,
        cross_sell_effect as cross_sell_usd,
        case when pricing_model = 'usage' then 0 else quantity_effect end as seat_usd,
        usage_revenue_effect + case when pricing_model = 'usage' then quantity_effect else 0 end as usage_usd,
        {#- on a continuing line the residual after the quantity effect is tier or price, even when the
            line's MRR did not move (more units for free is a seat gain offset by a price cut) #}
        case
            when is_continuing_line and is_tier_change then contracted_change_on_line - quantity_effect
            else 0
        end as tier_usd,
        case
            when is_continuing_line and not is_tier_change then contracted_change_on_line - quantity_effect
            else 0
        end as price_usd
    from line_effects

),

{%- set vectors = ['seat', 'price', 'tier', 'cross_sell', 'usage'] %}

grain_vectors as (

    select
        grain_id,
        revenue_month,
        {% for vector in vectors -%}
            sum(case when {{ vector }}_usd > 0 then {{ vector }}_usd else 0 end) as expansion_{{ vector }}_usd,
            sum(case when {{ vector }}_usd < 0 then -{{ vector }}_usd else 0 end) as contraction_{{ vector }}_usd
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from line_vectors
    group by grain_id, revenue_month

),

item_changes as (

    select
        hierarchies.retention_grain_id as grain_id,
        subscription_items.subscription_id,
        subscription_items.valid_from_date as change_date
    from subscription_items
    inner join hierarchies
        on subscription_items.account_id = hierarchies.account_id

    union all

    select
        hierarchies.retention_grain_id as grain_id,
        subscription_items.subscription_id,
        subscription_items.valid_to_date as change_date
    from subscription_items
    inner join hierarchies
        on subscription_items.account_id = hierarchies.account_id
    where subscription_items.valid_to_date is not null

),

changes_with_terms as (

    select
        item_changes.grain_id,
        months.revenue_month,
        item_changes.change_date,
        cast(subscriptions.started_at as date) as started_date,
        coalesce(subscriptions.term_months, 12) as term_months,
        {{ dbt.datediff('cast(subscriptions.started_at as date)', 'item_changes.change_date', 'month') }}
            as months_since_start
    from item_changes
    inner join months
        on
            item_changes.change_date >= months.revenue_month
            and item_changes.change_date <= months.snapshot_date
    inner join subscriptions
        on item_changes.subscription_id = subscriptions.subscription_id

),

terms_counted as (

    select
        *,
        cast(floor(1.0 * months_since_start / term_months) as {{ dbt.type_int() }}) as terms_completed
    from changes_with_terms

),

term_boundaries as (

    {#- the term ends on either side of each change: the last one passed (none during the first
        term) and the next one #}
    select
        grain_id,
        revenue_month,
        change_date,
        case
            when terms_completed > 0
                then {{ dbt.dateadd('month', 'terms_completed * term_months', 'started_date') }}
        end as previous_term_end,
        {{ dbt.dateadd('month', '(terms_completed + 1) * term_months', 'started_date') }} as next_term_end
    from terms_counted

),

renewal_flags as (

    select
        grain_id,
        revenue_month,
        max(
            {%- set window_days = var('renewal_window_days') %}
            case
                when abs({{ dbt.datediff('previous_term_end', 'change_date', 'day') }}) <= {{ window_days }} then 1
                when abs({{ dbt.datediff('next_term_end', 'change_date', 'day') }}) <= {{ window_days }} then 1
                else 0
            end
        ) as is_at_renewal
    from term_boundaries
    group by grain_id, revenue_month

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
