{%- set missing_service_period -%}
    line_type in ({% for t in var('service_period_line_types') %}'{{ t }}'{% if not loop.last %}, {% endif %}{% endfor %})
    and (service_period_start is null or service_period_end is null)
{%- endset %}
with

source as (

    select * from {{ source('billing', 'invoice_lines') }}

),

known_invoices as (

    select distinct invoice_id from {{ ref('stg_billing__invoices') }}

),

known_subscription_items as (

    select distinct subscription_item_id from {{ ref('stg_billing__subscription_items') }}

),

known_plans as (

    select distinct plan_id from {{ ref('stg_billing__plans') }}

),

renamed as (

    select
        cast(invoice_line_id as {{ dbt.type_string() }}) as invoice_line_id,
        cast(invoice_id as {{ dbt.type_string() }}) as invoice_id,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(subscription_item_id as {{ dbt.type_string() }}) as subscription_item_id,
        cast(plan_id as {{ dbt.type_string() }}) as plan_id,
        cast(line_type as {{ dbt.type_string() }}) as line_type,
        cast(quantity as {{ dbt.type_numeric() }}) as quantity,
        cast(unit_amount as {{ dbt.type_numeric() }}) as unit_amount,
        cast(discount_amount as {{ dbt.type_numeric() }}) as discount_amount,
        cast(amount as {{ dbt.type_numeric() }}) as amount,
        cast(service_period_start as {{ dbt.type_timestamp() }}) as service_period_start,
        cast(service_period_end as {{ dbt.type_timestamp() }}) as service_period_end,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_invoice_id.invoice_id is null
            or (renamed.subscription_item_id is not null and parent_subscription_item_id.subscription_item_id is null)
            or (renamed.plan_id is not null and parent_plan_id.plan_id is null)
        ) as _has_orphan_key
    from renamed
    left join known_invoices as parent_invoice_id
        on renamed.invoice_id = parent_invoice_id.invoice_id
    left join known_subscription_items as parent_subscription_item_id
        on renamed.subscription_item_id = parent_subscription_item_id.subscription_item_id
    left join known_plans as parent_plan_id
        on renamed.plan_id = parent_plan_id.plan_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['invoice_line_id'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('negative_quantity', "quantity < 0"),
            ('missing_service_period', missing_service_period),
            ('invalid_value', "line_type not in ('recurring', 'usage', 'proration', 'one_time', 'credit', 'tax')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        invoice_line_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        plan_id,
        line_type,
        quantity,
        unit_amount,
        discount_amount,
        amount,
        service_period_start,
        service_period_end,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
