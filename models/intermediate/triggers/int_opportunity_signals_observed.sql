{#-
    Opportunity trigger condition (events: each observation a fresh transition):
      expansion_closed   an expansion opportunity closes won
-#}
with

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

expansions_observed as (

    select
        account_id,
        'expansion_closed' as trigger_key,
        closed_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(amount_arr as {{ type_double() }}) as signal_value,
        cast(null as {{ type_double() }}) as threshold_value,
        'expansion won (ARR in deal currency)' as signal_detail
    from opportunities
    where opportunity_type = 'expansion' and is_won and closed_at is not null

),

final as (

    {{ select_observations(['expansions_observed']) }}

)

select * from final
