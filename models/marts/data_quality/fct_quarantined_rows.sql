{#-
    One row per raw row held back (row-level checks in staging, cross-table checks in the
    data-quality area), across every source table, read from the data-quality area.
-#}
with

{% for system, table in raw_tables() %}
    {{ system }}__{{ table }} as (

        select * from {{ ref('int_' ~ system ~ '__' ~ table ~ '_checked') }}

    ),

{% endfor %}
unioned as (

    {% for system, table in raw_tables() %}
        select
            '{{ system }}' as source_system,
            '{{ table }}' as source_table,
            _record_key as record_key,
            quarantine_reason,
            quarantine_column,
            _loaded_at as loaded_at
        from {{ system }}__{{ table }}
        where quarantine_reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

numbered as (

    select
        source_system,
        source_table,
        record_key,
        quarantine_reason,
        quarantine_column,
        loaded_at,
        row_number() over (
            partition by source_system, source_table, record_key, quarantine_reason
            order by loaded_at
        ) as copy_number
    from unioned

),

final as (

    select
        {{ dbt.concat([
            'source_system', "'.'", 'source_table', "'|'", "coalesce(record_key, '')",
            "'|'", 'quarantine_reason', "'|'", 'cast(copy_number as ' ~ dbt.type_string() ~ ')',
        ]) }} as quarantined_row_id,
        source_system,
        source_table,
        record_key,
        quarantine_reason,
        quarantine_column,
        loaded_at,
        cast(copy_number as {{ dbt.type_int() }}) as copy_number
    from numbered

)

select * from final
