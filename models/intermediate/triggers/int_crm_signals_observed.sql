{#-
    Every CRM trigger condition: the union of the CRM trigger families (champion, NPS, headcount,
    support tickets, opportunities), one int_<family>_signals_observed model each.
-#}
with

champion_signals as (

    select * from {{ ref('int_champion_signals_observed') }}

),

nps_signals as (

    select * from {{ ref('int_nps_signals_observed') }}

),

headcount_signals as (

    select * from {{ ref('int_headcount_signals_observed') }}

),

support_ticket_signals as (

    select * from {{ ref('int_support_ticket_signals_observed') }}

),

opportunity_signals as (

    select * from {{ ref('int_opportunity_signals_observed') }}

),

final as (

    {{ select_observations([
        'champion_signals', 'nps_signals', 'headcount_signals', 'support_ticket_signals', 'opportunity_signals'
    ]) }}

)

select * from final
