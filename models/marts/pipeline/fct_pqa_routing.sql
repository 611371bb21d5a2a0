{#-
    One row per pqa_sales_ready firing (PQA score crossing the sales-ready threshold) with when it was
    routed to sales. The source contract has no routing event, so routed_at is the first CSQL created
    or expansion opportunity opened on the account at or after the firing (within
    csql_match_window_days); null while not routed. SLA: routed within pqa_routing_sla_hours.
-#}
with

firings as (

    select * from {{ ref('fct_triggers') }}

),

csqls as (

    select * from {{ ref('int_crm__csqls_cleaned') }}

),

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

sales_ready as (

    select
        trigger_firing_id,
        account_id,
        fired_at,
        signal_value
    from firings
    where trigger_key = 'pqa_sales_ready'

),

handoffs as (

    select
        account_id,
        created_at as handed_off_at,
        'csql' as handoff_type
    from csqls
    union all
    select
        account_id,
        created_at as handed_off_at,
        'opportunity' as handoff_type
    from opportunities
    where opportunity_type = 'expansion'

),

first_handoffs as (

    select
        sales_ready.trigger_firing_id,
        min(handoffs.handed_off_at) as routed_at
    from sales_ready
    inner join handoffs
        on sales_ready.account_id = handoffs.account_id
            and sales_ready.fired_at <= handoffs.handed_off_at
            and handoffs.handed_off_at
            <= {{ dbt.dateadd('day', var('csql_match_window_days'), 'sales_ready.fired_at') }}
    group by sales_ready.trigger_firing_id

),

final as (

    select
        sales_ready.trigger_firing_id,
        sales_ready.account_id,
        accounts.segment,
        cast(sales_ready.fired_at as {{ dbt.type_timestamp() }}) as fired_at,
        cast(sales_ready.signal_value as {{ type_double() }}) as pqa_score,
        cast(first_handoffs.routed_at as {{ dbt.type_timestamp() }}) as routed_at,
        cast({{ elapsed_hours('sales_ready.fired_at', 'first_handoffs.routed_at') }} as {{ type_double() }})
            as hours_to_route,
        case
            when first_handoffs.routed_at is not null
                then case
                        when {{ elapsed_hours('sales_ready.fired_at', 'first_handoffs.routed_at') }}
                            <= {{ var('pqa_routing_sla_hours') }} then 'met'
                        else 'breached'
                    end
            when {{ elapsed_hours('sales_ready.fired_at', dbt.dateadd('day', 1, 'as_of.as_of_date')) }}
                > {{ var('pqa_routing_sla_hours') }} then 'breached'
            else 'pending'
        end as sla_routing_status
    from sales_ready
    cross join as_of
    left join first_handoffs
        on sales_ready.trigger_firing_id = first_handoffs.trigger_firing_id
    left join accounts
        on sales_ready.account_id = accounts.account_id

)

select * from final
