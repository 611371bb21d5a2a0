{#-
    One row per renewal-window trigger (catalogue eligibility_basis = 'renewal_in_window') and
    multi-month renewal (term_months > 1): the checkpoint when the term enters its last
    threshold_value days (the one home of that window, read by the renewal triggers and by trigger
    effectiveness). is_observable: the checkpoint has passed by the reporting date and the
    subscription was not canceled before it.
-#}
with

renewals as (

    select * from {{ ref('int_subscription_renewals_listed') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

checkpoints as (

    select
        catalogue.trigger_key,
        renewals.account_id,
        renewals.subscription_id,
        renewals.renewal_at,
        renewals.canceled_at,
        catalogue.threshold_value,
        catalogue.secondary_threshold_value,
        catalogue.window_days,
        {{ dbt.dateadd('day', '-1 * cast(catalogue.threshold_value as integer)', 'renewals.renewal_at') }}
            as checkpoint_at
    from renewals
    inner join catalogue
        on catalogue.eligibility_basis = 'renewal_in_window'
    where renewals.term_months > 1

),

final as (

    select
        checkpoints.trigger_key,
        checkpoints.account_id,
        checkpoints.subscription_id,
        checkpoints.renewal_at,
        cast(checkpoints.checkpoint_at as {{ dbt.type_timestamp() }}) as checkpoint_at,
        cast(checkpoints.threshold_value as {{ type_double() }}) as threshold_value,
        cast(checkpoints.secondary_threshold_value as {{ type_double() }}) as secondary_threshold_value,
        checkpoints.window_days,
        checkpoints.checkpoint_at < {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }}
        and (checkpoints.canceled_at is null or checkpoints.canceled_at > checkpoints.checkpoint_at) as is_observable
    from checkpoints
    cross join as_of

)

select * from final
