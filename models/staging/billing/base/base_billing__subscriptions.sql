with

source as (

    select * from {{ source('billing', 'subscriptions') }}

),

known_customers as (

    select distinct customer_id from {{ ref('stg_billing__customers') }}

),

renamed as (

    select
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(current_term_start as {{ dbt.type_timestamp() }}) as current_term_start,
        cast(current_term_end as {{ dbt.type_timestamp() }}) as current_term_end,
        cast(term_months as {{ dbt.type_int() }}) as term_months,
        cast(auto_renew as {{ dbt.type_boolean() }}) as auto_renew,
        cast(canceled_at as {{ dbt.type_timestamp() }}) as canceled_at,
        cast(cancel_reason as {{ dbt.type_string() }}) as cancel_reason,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_customer_id.customer_id is null
        ) as _has_orphan_key
    from renamed
    left join known_customers as parent_customer_id
        on renamed.customer_id = parent_customer_id.customer_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['subscription_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('invalid_value', "status not in ('active', 'trialing', 'past_due', 'canceled')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        subscription_id,
        customer_id,
        status,
        started_at,
        current_term_start,
        current_term_end,
        term_months,
        auto_renew,
        canceled_at,
        cancel_reason,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
