{%- set vectors = ['seat', 'price', 'tier', 'cross_sell', 'usage'] -%}
{#-
    Per retention grain and month, the gross MRR change split by vector, per product line between
    the two month-ends (constant currency; rules in fct_mrr_movements):
      cross_sell  a product line appears (or disappears) at the grain
      seat        quantity change on a per-seat or flat line, valued at last month's price per unit
      usage       quantity change on a usage-priced line (committed units), and usage revenue
      tier        the rest of a line's change when its plan tier changed
      price       the rest of a line's change otherwise (list price, uplift, discount)
    expansion_<vector>_usd sums the lines' gains, contraction_<vector>_usd their losses (positive).
-#}
with

revenue_lines as (

    select * from {{ ref('int_grain_revenue_line_months_aggregated') }}

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

final as (

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

)

select * from final
