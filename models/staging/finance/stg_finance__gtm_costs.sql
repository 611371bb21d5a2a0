{#-
    One row per raw row of finance.gtm_costs: typed with safe casts, row-level checks only.
    `quarantine_reason` is null for rows that pass; the data-quality area adds the cross-table checks.
-#}
{%- set typed_columns = [
    ('cost_month', 'date'),
    ('amount_usd', dbt.type_numeric()),
    ('_loaded_at', dbt.type_timestamp()),
] -%}
with

source as (

    select * from {{ optional_source('finance', 'gtm_costs') }}

),

renamed as (

    select
        {{ cast_or_null('cost_month', 'date') }} as cost_month,
        {{ map_to_vocabulary('team', 'finance.gtm_costs.team') }} as team,
        cast(team as {{ dbt.type_string() }}) as team_original,
        {{ map_to_vocabulary('motion', 'finance.gtm_costs.motion') }} as motion,
        cast(motion as {{ dbt.type_string() }}) as motion_original,
        {{ cast_or_null('amount_usd', dbt.type_numeric()) }} as amount_usd,
        {{ cast_or_null('_loaded_at', dbt.type_timestamp()) }} as _loaded_at,
        {{ first_invalid_column(typed_columns) }} as _invalid_type_column
    from source

),

flagged as (

    {{ flag_quarantine(
        'renamed',
        ['cost_month', 'team_original', 'motion_original'],
    ) | indent(4) }}

),

final as (

    select
        cost_month,
        team,
        team_original,
        motion,
        motion_original,
        amount_usd,
        _loaded_at,
        _record_key,
        quarantine_reason,
        quarantine_column
    from flagged

)

select * from final
