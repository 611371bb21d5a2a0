with

source as (

    select * from {{ source('finance', 'fx_rates') }}

),

renamed as (

    select
        cast(rate_date as date) as rate_date,
        upper(trim(cast(currency as {{ dbt.type_string() }}))) as currency,
        cast(usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['rate_date', 'currency'],
        checks=[
            ('invalid_value', "usd_per_unit is null or usd_per_unit <= 0"),
        ],
    ) | indent(4) }}

),

final as (

    select
        rate_date,
        currency,
        usd_per_unit,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
