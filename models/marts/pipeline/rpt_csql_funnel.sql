{#-
    CSQL funnel by month of creation and segment (plus an 'all' row per month): CSQLs created, how
    many reached each stage (a stage counts as reached when it or any later stage was entered,
    closed_won included), stage-to-stage conversion, CSQL-to-close rate (won / created), win rate of
    closed CSQLs, average business days from trigger to proposal, won ARR and SLA breaches, with the
    benchmark bands of reference document 002 for CSQL-to-close and trigger-to-proposal time.
-#}
with

csql_pipeline as (

    select * from {{ ref('fct_csql_pipeline') }}

),

bands as (

    select * from {{ ref('expansion_benchmark_bands') }}

),

segment_keys as (

    select 'smb' as segment_key
    union all
    select 'mid_market' as segment_key
    union all
    select 'enterprise' as segment_key
    union all
    select 'all' as segment_key

),

staged as (

    select
        csql_pipeline.*,
        segment_keys.segment_key,
        coalesce(
            csql_pipeline.qualified_at is not null
            or csql_pipeline.proposal_sent_at is not null
            or csql_pipeline.negotiation_at is not null
            or csql_pipeline.outcome = 'won',
            false
        ) as has_reached_qualified,
        coalesce(
            csql_pipeline.proposal_sent_at is not null
            or csql_pipeline.negotiation_at is not null
            or csql_pipeline.outcome = 'won',
            false
        ) as has_reached_proposal,
        coalesce(csql_pipeline.negotiation_at is not null or csql_pipeline.outcome = 'won', false)
            as has_reached_negotiation
    from csql_pipeline
    inner join segment_keys
        on csql_pipeline.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'

),

aggregated as (

    select
        created_month,
        segment_key as segment,
        count(*) as csqls_created,
        sum(case when is_trigger_matched then 1 else 0 end) as csqls_matched_to_trigger,
        sum(case when has_reached_qualified then 1 else 0 end) as csqls_qualified,
        sum(case when has_reached_proposal then 1 else 0 end) as csqls_proposal_sent,
        sum(case when has_reached_negotiation then 1 else 0 end) as csqls_negotiation,
        sum(case when outcome = 'won' then 1 else 0 end) as csqls_won,
        sum(case when outcome = 'lost' then 1 else 0 end) as csqls_lost,
        sum(case when outcome = 'open' then 1 else 0 end) as csqls_open,
        sum(coalesce(won_arr_usd, 0)) as won_arr_usd,
        avg(business_days_trigger_to_proposal) as avg_business_days_trigger_to_proposal,
        sum(case when has_sla_breach then 1 else 0 end) as csqls_with_sla_breach
    from staged
    group by created_month, segment_key

),

final as (

    select
        aggregated.created_month,
        aggregated.segment,
        cast(aggregated.csqls_created as {{ dbt.type_int() }}) as csqls_created,
        cast(aggregated.csqls_matched_to_trigger as {{ dbt.type_int() }}) as csqls_matched_to_trigger,
        cast(aggregated.csqls_qualified as {{ dbt.type_int() }}) as csqls_qualified,
        cast(aggregated.csqls_proposal_sent as {{ dbt.type_int() }}) as csqls_proposal_sent,
        cast(aggregated.csqls_negotiation as {{ dbt.type_int() }}) as csqls_negotiation,
        cast(aggregated.csqls_won as {{ dbt.type_int() }}) as csqls_won,
        cast(aggregated.csqls_lost as {{ dbt.type_int() }}) as csqls_lost,
        cast(aggregated.csqls_open as {{ dbt.type_int() }}) as csqls_open,
        cast(1e0 * aggregated.csqls_qualified / aggregated.csqls_created as {{ type_double() }})
            as created_to_qualified_rate,
        cast(1e0 * aggregated.csqls_proposal_sent / nullif(aggregated.csqls_qualified, 0) as {{ type_double() }})
            as qualified_to_proposal_rate,
        cast(1e0 * aggregated.csqls_won / nullif(aggregated.csqls_proposal_sent, 0) as {{ type_double() }})
            as proposal_to_won_rate,
        cast(1e0 * aggregated.csqls_won / aggregated.csqls_created as {{ type_double() }}) as csql_to_close_rate,
        {{ benchmark_band('1e0 * aggregated.csqls_won / aggregated.csqls_created', 'close_bands') }}
            as csql_to_close_band,
        cast(
            1e0 * aggregated.csqls_won / nullif(aggregated.csqls_won + aggregated.csqls_lost, 0) as {{ type_double() }}
        ) as closed_win_rate,
        cast(aggregated.avg_business_days_trigger_to_proposal as {{ type_double() }})
            as avg_business_days_trigger_to_proposal,
        {{ benchmark_band('aggregated.avg_business_days_trigger_to_proposal', 'proposal_bands') }}
            as trigger_to_proposal_band,
        cast(aggregated.won_arr_usd as {{ dbt.type_numeric() }}) as won_arr_usd,
        cast(aggregated.csqls_with_sla_breach as {{ dbt.type_int() }}) as csqls_with_sla_breach
    from aggregated
    left join bands as close_bands
        on close_bands.metric_key = 'csql_to_close_rate'
    left join bands as proposal_bands
        on proposal_bands.metric_key = 'trigger_to_proposal_business_days'

)

select * from final
