with

source as (

    select * from {{ source('crm', 'csql_stage_history') }}

),

known_csqls as (

    select distinct csql_id from {{ ref('stg_crm__csqls') }}

),

renamed as (

    select
        cast(csql_id as {{ dbt.type_string() }}) as csql_id,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from source

),

joined as (

    select
        renamed.*,
        (
            parent_csql_id.csql_id is null
        ) as _has_orphan_key
    from renamed
    left join known_csqls as parent_csql_id
        on renamed.csql_id = parent_csql_id.csql_id

),

flagged as (

    {{ flag_quarantine(
        'joined',
        ['csql_id', 'stage'],
        checks=[
            ('orphan_key', "_has_orphan_key"),
            ('future_timestamp', is_after_load('entered_at')),
            ('invalid_value', "stage not in ('created', 'qualified', 'proposal_sent', 'negotiation', 'closed_won', 'closed_lost')"),
        ],
    ) | indent(4) }}

),

final as (

    select
        csql_id,
        stage,
        entered_at,
        _loaded_at,
        _record_key,
        quarantine_reason
    from flagged

)

select * from final
