{#-
    Advocacy trigger firings (reference and case-study asks): the advocacy rows of fct_triggers.
-#}
with

triggers as (

    select * from {{ ref('fct_triggers') }}

),

final as (

    select * from triggers
    where trigger_class = 'advocacy'

)

select * from final
