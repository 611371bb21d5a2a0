{#-
    Expansion trigger firings (upsell and cross-sell signals): the expansion rows of fct_triggers.
-#}
with

triggers as (

    select * from {{ ref('fct_triggers') }}

),

final as (

    select * from triggers
    where trigger_class = 'expansion'

)

select * from final
