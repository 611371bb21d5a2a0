{#-
    One row per paying account and product line it does not own at the as-of date, with the five
    cross-sell factors: how common the line is among paying accounts of the same industry, how
    deeply the account uses what it has (event percentile within its segment), interest shown in
    the line over 180 days (feature requests naming it, gate hits on its features), the nearer of
    next renewal and fiscal-year start, and whether a champion or executive sponsor is on file.
-#}
{%- set windows = var('score_input_windows_days') -%}
with

score_inputs as (

    select * from {{ ref('int_account_score_inputs_monthly') }}

),

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

products as (

    select * from {{ ref('int_billing__products_cleaned') }}

),

support_tickets as (

    select * from {{ ref('int_crm__support_tickets_cleaned') }}

),

feature_days as (

    select * from {{ ref('int_account_feature_usage_days_aggregated') }}

),

features as (

    select * from {{ ref('int_usage__features_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

latest_inputs as (

    select
        score_inputs.*,
        percent_rank() over (partition by score_inputs.segment order by score_inputs.events)
            as usage_percentile_in_segment
    from score_inputs
    cross join as_of
    where score_inputs.score_month = as_of.latest_score_month

),

product_lines as (

    select distinct product_line
    from products
    where product_line is not null

),

owned as (

    select distinct
        subscription_items.account_id,
        subscription_items.product_line
    from subscription_items
    cross join as_of
    where subscription_items.quantity > 0
        and subscription_items.valid_from_date <= as_of.as_of_date
        and (subscription_items.valid_to_date > as_of.as_of_date or subscription_items.valid_to_date is null)

),

industry_penetration as (

    select
        latest_inputs.industry,
        product_lines.product_line,
        1e0 * count(owned.account_id) / count(*) as industry_line_penetration
    from latest_inputs
    cross join product_lines
    left join owned
        on latest_inputs.account_id = owned.account_id
            and product_lines.product_line = owned.product_line
    group by latest_inputs.industry, product_lines.product_line

),

requests as (

    select
        support_tickets.account_id,
        support_tickets.requested_product_line as product_line,
        count(*) as interest_signals
    from support_tickets
    cross join as_of
    where support_tickets.is_feature_request
        and support_tickets.requested_product_line is not null
        and cast(support_tickets.created_at as date) <= as_of.as_of_date
        and {{ window_condition('support_tickets.created_at', 'as_of.as_of_date', windows.cross_sell) }}
    group by support_tickets.account_id, support_tickets.requested_product_line

),

gate_hits as (

    select
        feature_days.account_id,
        features.product_line,
        sum(feature_days.feature_gate_hits) as interest_signals
    from feature_days
    inner join features
        on feature_days.feature_key = features.feature_key
    cross join as_of
    where feature_days.feature_gate_hits > 0
        and feature_days.usage_date <= as_of.as_of_date
        and {{ window_condition('feature_days.usage_date', 'as_of.as_of_date', windows.cross_sell) }}
    group by feature_days.account_id, features.product_line

),

interest as (

    select
        account_id,
        product_line,
        sum(interest_signals) as interest_signals_180d
    from (
        select * from requests
        union all
        select * from gate_hits
    ) as signals
    group by account_id, product_line

),

final as (

    select
        latest_inputs.account_id,
        product_lines.product_line,
        latest_inputs.score_month,
        latest_inputs.segment,
        latest_inputs.arr_usd,
        cast(coalesce(industry_penetration.industry_line_penetration, 0) as {{ type_double() }})
            as industry_line_penetration,
        cast(latest_inputs.usage_percentile_in_segment as {{ type_double() }}) as usage_percentile_in_segment,
        cast(coalesce(interest.interest_signals_180d, 0) as {{ dbt.type_int() }}) as interest_signals_180d,
        cast(
            case
                when latest_inputs.days_to_renewal is null then latest_inputs.days_to_fiscal_year_start
                when latest_inputs.days_to_renewal < latest_inputs.days_to_fiscal_year_start
                    then latest_inputs.days_to_renewal
                else latest_inputs.days_to_fiscal_year_start
            end as {{ dbt.type_int() }}
        ) as days_to_budget_event,
        cast(
            case when latest_inputs.has_champion = 1 or latest_inputs.has_exec_sponsor = 1 then 1 else 0 end
            as {{ dbt.type_int() }}
        ) as has_sponsor_or_champion
    from latest_inputs
    cross join product_lines
    left join owned
        on latest_inputs.account_id = owned.account_id
            and product_lines.product_line = owned.product_line
    left join industry_penetration
        on latest_inputs.industry = industry_penetration.industry
            and product_lines.product_line = industry_penetration.product_line
    left join interest
        on latest_inputs.account_id = interest.account_id
            and product_lines.product_line = interest.product_line
    where owned.account_id is null

)

select * from final
