{#-
    Billing and renewal trigger conditions (each observation a fresh transition):
      payment_failure     an invoice (not void, amount > 0) still unpaid window_days after its due
                          date; observed at due date + window_days
      renewal_no_contact  a multi-month term (term_months > 1) reaches threshold_value days before
                          its renewal with no logged activity on the account in the previous
                          window_days; observed at that moment
-#}
with

invoices as (

    select * from {{ ref('int_billing__invoices_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

renewal_checkpoints as (

    select * from {{ ref('int_renewal_checkpoints_listed') }}

),

activities as (

    select * from {{ ref('int_crm__activities_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

invoices_checked as (

    select
        customers.account_id,
        invoices.invoice_id,
        invoices.status,
        invoices.paid_at,
        catalogue.window_days,
        {{ dbt.dateadd('day', 'catalogue.window_days', 'invoices.due_at') }} as grace_ends_at
    from invoices
    inner join customers
        on invoices.customer_id = customers.customer_id
    inner join catalogue
        on catalogue.trigger_key = 'payment_failure'
    where invoices.status != 'void' and invoices.total_amount > 0 and invoices.due_at is not null

),

payment_failures_observed as (

    select
        invoices_checked.account_id,
        'payment_failure' as trigger_key,
        invoices_checked.grace_ends_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        cast(invoices_checked.window_days as {{ type_double() }}) as signal_value,
        cast(invoices_checked.window_days as {{ type_double() }}) as threshold_value,
        'invoice ' || invoices_checked.invoice_id || ' unpaid after the grace days (' || invoices_checked.status || ')'
            as signal_detail
    from invoices_checked
    cross join as_of
    where
        invoices_checked.grace_ends_at < {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }}
        and (invoices_checked.paid_at is null or invoices_checked.paid_at > invoices_checked.grace_ends_at)

),

renewal_contacts as (

    select
        renewal_checkpoints.account_id,
        renewal_checkpoints.subscription_id,
        renewal_checkpoints.renewal_at,
        renewal_checkpoints.checkpoint_at,
        renewal_checkpoints.threshold_value,
        count(activities.activity_id) as recent_activities
    from renewal_checkpoints
    left join activities
        on renewal_checkpoints.account_id = activities.account_id
            and renewal_checkpoints.checkpoint_at > activities.occurred_at
            and activities.occurred_at
            >= {{ dbt.dateadd('day', '-1 * renewal_checkpoints.window_days', 'renewal_checkpoints.checkpoint_at') }}
    where renewal_checkpoints.trigger_key = 'renewal_no_contact' and renewal_checkpoints.is_observable
    group by
        renewal_checkpoints.account_id,
        renewal_checkpoints.subscription_id,
        renewal_checkpoints.renewal_at,
        renewal_checkpoints.checkpoint_at,
        renewal_checkpoints.threshold_value

),

no_contact_observed as (

    select
        account_id,
        'renewal_no_contact' as trigger_key,
        checkpoint_at as observed_at,
        true as is_condition_met,
        false as was_condition_met,
        threshold_value as signal_value,
        threshold_value,
        'days to renewal of ' || subscription_id || ', no activity in the window' as signal_detail
    from renewal_contacts
    where recent_activities = 0

),

final as (

    {{ select_observations(['payment_failures_observed', 'no_contact_observed']) }}

)

select * from final
