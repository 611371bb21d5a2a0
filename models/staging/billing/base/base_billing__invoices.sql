with

source as (

    select * from {{ source('billing', 'invoices') }}

),

known_customers as (

    select distinct customer_id from {{ ref('stg_billing__customers') }}

),

known_currencies as (

    select distinct currency from {{ ref('stg_finance__fx_rates') }}

),

renamed as (

    select
        cast(invoice_id as {{ dbt.type_string() }}) as invoice_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(status as {{ dbt.type_string() }}) as status,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(issued_at as {{ dbt.type_timestamp() }}) as issued_at,
        cast(due_at as {{ dbt.type_timestamp() }}) as due_at,
        cast(paid_at as {{ dbt.type_timestamp() }}) as paid_at,
        cast(total_amount as {{ dbt.type_numeric() }}) as total_amount,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_customer_id.customer_id is null
        ) as _has_orphan_key,
        known_currencies.currency is null as _has_unknown_currency
    from renamed
    left join known_customers as parent_customer_id
        on renamed.customer_id = parent_customer_id.customer_id
    left join known_currencies
        on renamed.currency = known_currencies.currency

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['invoice_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('unknown_currency', "_has_unknown_currency"),
            ('future_timestamp', is_after_load('issued_at')),
            ('invalid_value', "status not in ('paid', 'open', 'void', 'uncollectible')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        invoice_id,
        customer_id,
        status,
        currency,
        issued_at,
        due_at,
        paid_at,
        total_amount,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
