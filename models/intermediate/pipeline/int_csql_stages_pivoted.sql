{#-
    One row per CSQL with stage history or a won opportunity: when it first entered each stage, and
    the opportunity that won it (the latest closed won opportunity linked to the CSQL) with its ARR
    in USD.
-#}
with

stage_history as (

    select * from {{ ref('int_crm__csql_stage_history_cleaned') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_valued') }}

),

stages_pivoted as (

    select
        csql_id,
        min(case when stage = 'created' then entered_at end) as created_stage_at,
        min(case when stage = 'qualified' then entered_at end) as qualified_at,
        min(case when stage = 'proposal_sent' then entered_at end) as proposal_sent_at,
        min(case when stage = 'negotiation' then entered_at end) as negotiation_at,
        min(case when stage = 'closed_won' then entered_at end) as closed_won_at,
        min(case when stage = 'closed_lost' then entered_at end) as closed_lost_at
    from stage_history
    group by csql_id

),

won_opportunities as (

    select
        csql_id,
        opportunity_id,
        amount_arr_usd as won_arr_usd,
        row_number() over (partition by csql_id order by closed_at desc, opportunity_id desc) as won_rank
    from opportunities
    where csql_id is not null and is_won

),

latest_won as (

    select
        csql_id,
        opportunity_id as won_opportunity_id,
        won_arr_usd
    from won_opportunities
    where won_rank = 1

),

csql_ids as (

    select csql_id from stages_pivoted
    union
    select csql_id from latest_won

),

final as (

    select
        csql_ids.csql_id,
        stages_pivoted.created_stage_at,
        stages_pivoted.qualified_at,
        stages_pivoted.proposal_sent_at,
        stages_pivoted.negotiation_at,
        stages_pivoted.closed_won_at,
        stages_pivoted.closed_lost_at,
        latest_won.won_opportunity_id,
        latest_won.won_arr_usd
    from csql_ids
    left join stages_pivoted
        on csql_ids.csql_id = stages_pivoted.csql_id
    left join latest_won
        on csql_ids.csql_id = latest_won.csql_id

)

select * from final
