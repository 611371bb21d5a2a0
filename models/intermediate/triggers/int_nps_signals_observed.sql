{#-
    NPS trigger conditions, observed at every response with the state at the account's previous
    response:
      nps_detractor   the response scores <= threshold
      nps_promoter    the response scores >= threshold
-#}
with

nps_responses as (

    select * from {{ ref('int_crm__nps_responses_cleaned') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

nps_scored as (

    select
        nps_responses.account_id,
        nps_responses.responded_at,
        nps_responses.response_id,
        nps_responses.score,
        detractor.threshold_value as detractor_threshold,
        promoter.threshold_value as promoter_threshold
    from nps_responses
    inner join catalogue as detractor
        on detractor.trigger_key = 'nps_detractor'
    inner join catalogue as promoter
        on promoter.trigger_key = 'nps_promoter'
    where nps_responses.score is not null

),

nps_states as (

    select
        account_id,
        responded_at,
        score,
        detractor_threshold,
        promoter_threshold,
        score <= detractor_threshold as is_detractor,
        score >= promoter_threshold as is_promoter,
        lag(score) over (partition by account_id order by responded_at, response_id) as previous_score
    from nps_scored

),

detractors_observed as (

    select
        account_id,
        'nps_detractor' as trigger_key,
        responded_at as observed_at,
        is_detractor as is_condition_met,
        coalesce(previous_score <= detractor_threshold, false) as was_condition_met,
        cast(score as {{ type_double() }}) as signal_value,
        detractor_threshold as threshold_value,
        'NPS score' as signal_detail
    from nps_states

),

promoters_observed as (

    select
        account_id,
        'nps_promoter' as trigger_key,
        responded_at as observed_at,
        is_promoter as is_condition_met,
        coalesce(previous_score >= promoter_threshold, false) as was_condition_met,
        cast(score as {{ type_double() }}) as signal_value,
        promoter_threshold as threshold_value,
        'NPS score' as signal_detail
    from nps_states

),

final as (

    {{ select_observations(['detractors_observed', 'promoters_observed']) }}

)

select * from final
