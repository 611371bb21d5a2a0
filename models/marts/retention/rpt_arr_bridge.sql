{#-
    Monthly MRR bridge per segment plus a `total` row:
        starting (actual FX) + segment transfers + new + expansion + reactivation
        - contraction - churn + FX impact = ending (actual FX)
    Movements are in constant currency. FX impact is the change in the gap between actual-rate and
    constant-rate MRR: (ending actual - ending constant) - (starting actual - starting constant).
    A grain's starting MRR counts in its segment of the previous month and its ending MRR and
    movements in its segment of this month; segment_transfer_usd (constant currency, zero on the
    total row) carries grains that changed segment, so every row adds up exactly.
-#}
with

mrr as (

    select * from {{ ref('fct_mrr') }}

),

movements as (

    select * from {{ ref('fct_mrr_movements') }}

),

months as (

    {#- board months: through the last closed month unless var board_include_open_month #}
    select * from {{ ref('int_months_spined') }}
    where {{ 'true' if var('board_include_open_month') else 'is_month_closed' }}

),

grain_months as (

    {#- Each grain-month contributes its ending figures to this month and its starting figures to
        the next; a churned grain's zero row carries its segment. #}
    select
        months.revenue_month,
        current_rows.grain_id,
        current_rows.segment as ending_segment,
        previous_rows.segment as starting_segment,
        coalesce(current_rows.mrr_usd, 0) as ending_mrr_usd_constant,
        coalesce(current_rows.mrr_usd_actual_fx, 0) as ending_mrr_usd,
        coalesce(previous_rows.mrr_usd, 0) as starting_mrr_usd_constant,
        coalesce(previous_rows.mrr_usd_actual_fx, 0) as starting_mrr_usd
    from months
    inner join mrr as current_rows
        on months.revenue_month = current_rows.revenue_month
    left join mrr as previous_rows
        on
            current_rows.grain_id = previous_rows.grain_id
            and previous_rows.revenue_month = {{ dbt.dateadd('month', -1, 'months.revenue_month') }}

    union all

    {#- grains with a row last month and none this month (already churned): starting figures only #}
    select
        months.revenue_month,
        previous_rows.grain_id,
        null as ending_segment,
        previous_rows.segment as starting_segment,
        0 as ending_mrr_usd_constant,
        0 as ending_mrr_usd,
        previous_rows.mrr_usd as starting_mrr_usd_constant,
        previous_rows.mrr_usd_actual_fx as starting_mrr_usd
    from months
    inner join mrr as previous_rows
        on previous_rows.revenue_month = {{ dbt.dateadd('month', -1, 'months.revenue_month') }}
    left join mrr as current_rows
        on
            previous_rows.grain_id = current_rows.grain_id
            and months.revenue_month = current_rows.revenue_month
    where current_rows.grain_id is null

),

segment_sides as (

    {#- starting side, in the previous month's segment #}
    select
        revenue_month,
        starting_segment as segment,
        starting_mrr_usd,
        starting_mrr_usd_constant,
        0 as ending_mrr_usd,
        0 as ending_mrr_usd_constant,
        case
            when ending_segment is not null and ending_segment != starting_segment
                then -starting_mrr_usd_constant
            else 0
        end as segment_transfer_usd
    from grain_months
    where starting_segment is not null

    union all

    {#- ending side, in this month's segment #}
    select
        revenue_month,
        ending_segment as segment,
        0 as starting_mrr_usd,
        0 as starting_mrr_usd_constant,
        ending_mrr_usd,
        ending_mrr_usd_constant,
        case
            when starting_segment is not null and ending_segment != starting_segment
                then starting_mrr_usd_constant
            else 0
        end as segment_transfer_usd
    from grain_months
    where ending_segment is not null

),

balances as (

    select
        revenue_month,
        segment,
        sum(starting_mrr_usd) as starting_mrr_usd,
        sum(starting_mrr_usd_constant) as starting_mrr_usd_constant,
        sum(ending_mrr_usd) as ending_mrr_usd,
        sum(ending_mrr_usd_constant) as ending_mrr_usd_constant,
        sum(segment_transfer_usd) as segment_transfer_usd
    from segment_sides
    group by revenue_month, segment

),

movement_totals as (

    select
        revenue_month,
        segment,
        sum(case when movement_type = 'new' then movement_mrr_usd else 0 end) as new_mrr_usd,
        sum(case when movement_type = 'expansion' then movement_mrr_usd else 0 end) as expansion_mrr_usd,
        sum(case when movement_type = 'reactivation' then movement_mrr_usd else 0 end) as reactivation_mrr_usd,
        sum(case when movement_type = 'contraction' then movement_mrr_usd else 0 end) as contraction_mrr_usd,
        sum(case when movement_type = 'churn' then movement_mrr_usd else 0 end) as churn_mrr_usd
    from movements
    group by revenue_month, segment

),

by_segment as (

    select
        balances.revenue_month,
        balances.segment,
        balances.starting_mrr_usd,
        balances.starting_mrr_usd_constant,
        balances.segment_transfer_usd,
        coalesce(movement_totals.new_mrr_usd, 0) as new_mrr_usd,
        coalesce(movement_totals.expansion_mrr_usd, 0) as expansion_mrr_usd,
        coalesce(movement_totals.reactivation_mrr_usd, 0) as reactivation_mrr_usd,
        coalesce(movement_totals.contraction_mrr_usd, 0) as contraction_mrr_usd,
        coalesce(movement_totals.churn_mrr_usd, 0) as churn_mrr_usd,
        balances.ending_mrr_usd,
        balances.ending_mrr_usd_constant
    from balances
    left join movement_totals
        on
            balances.revenue_month = movement_totals.revenue_month
            and balances.segment = movement_totals.segment

),

with_total as (

    select * from by_segment

    union all

    select
        revenue_month,
        'total' as segment,
        sum(starting_mrr_usd) as starting_mrr_usd,
        sum(starting_mrr_usd_constant) as starting_mrr_usd_constant,
        0 as segment_transfer_usd,
        sum(new_mrr_usd) as new_mrr_usd,
        sum(expansion_mrr_usd) as expansion_mrr_usd,
        sum(reactivation_mrr_usd) as reactivation_mrr_usd,
        sum(contraction_mrr_usd) as contraction_mrr_usd,
        sum(churn_mrr_usd) as churn_mrr_usd,
        sum(ending_mrr_usd) as ending_mrr_usd,
        sum(ending_mrr_usd_constant) as ending_mrr_usd_constant
    from by_segment
    group by revenue_month

),

final as (

    select
        {{ dbt.concat(['cast(revenue_month as ' ~ dbt.type_string() ~ ')', "'|'", 'segment']) }} as bridge_row_id,
        revenue_month,
        segment,
        segment = 'total' as is_total,
        cast(starting_mrr_usd as {{ dbt.type_numeric() }}) as starting_mrr_usd,
        cast(segment_transfer_usd as {{ dbt.type_numeric() }}) as segment_transfer_usd,
        cast(new_mrr_usd as {{ dbt.type_numeric() }}) as new_mrr_usd,
        cast(expansion_mrr_usd as {{ dbt.type_numeric() }}) as expansion_mrr_usd,
        cast(reactivation_mrr_usd as {{ dbt.type_numeric() }}) as reactivation_mrr_usd,
        cast(contraction_mrr_usd as {{ dbt.type_numeric() }}) as contraction_mrr_usd,
        cast(churn_mrr_usd as {{ dbt.type_numeric() }}) as churn_mrr_usd,
        cast(
            (ending_mrr_usd - ending_mrr_usd_constant) - (starting_mrr_usd - starting_mrr_usd_constant)
            as {{ dbt.type_numeric() }}
        ) as fx_impact_usd,
        cast(ending_mrr_usd as {{ dbt.type_numeric() }}) as ending_mrr_usd,
        cast(starting_mrr_usd_constant as {{ dbt.type_numeric() }}) as starting_mrr_usd_constant,
        cast(ending_mrr_usd_constant as {{ dbt.type_numeric() }}) as ending_mrr_usd_constant,
        cast(12 * starting_mrr_usd as {{ dbt.type_numeric() }}) as starting_arr_usd,
        cast(12 * ending_mrr_usd as {{ dbt.type_numeric() }}) as ending_arr_usd
    from with_total

)

select * from final
