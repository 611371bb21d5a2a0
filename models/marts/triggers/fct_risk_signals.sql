{#-
    Risk signal firings (churn and contraction warnings): the risk rows of fct_triggers.
-#}
with

triggers as (

    select * from {{ ref('fct_triggers') }}

),

final as (

    select * from triggers
    where trigger_class = 'risk'

)

select * from final
