with

source as (

    select * from {{ source('billing', 'products') }}

),

renamed as (

    select
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(product_name as {{ dbt.type_string() }}) as product_name,
        cast(product_line as {{ dbt.type_string() }}) as product_line,
        cast(is_addon as {{ dbt.type_boolean() }}) as is_addon,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['product_id'],
        checks=[],
    ) | indent(4) }}

),

final as (

    select
        product_id,
        product_name,
        product_line,
        is_addon,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
