with

source as (

    select * from {{ source('finance', 'gtm_costs') }}

),

renamed as (

    select
        cast(cost_month as date) as cost_month,
        cast(team as {{ dbt.type_string() }}) as team,
        cast(motion as {{ dbt.type_string() }}) as motion,
        cast(amount_usd as {{ dbt.type_numeric() }}) as amount_usd,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['cost_month', 'team', 'motion'],
        checks=[
            ('invalid_value', "team not in ('cs', 'sales')"),
            ('invalid_value', "motion not in ('expansion', 'new_business')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        cost_month,
        team,
        motion,
        amount_usd,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
