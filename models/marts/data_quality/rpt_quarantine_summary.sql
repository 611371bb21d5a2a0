{#-
    Quarantine counts per source table and reason, with every reason listed for every table (zero
    when nothing was held back) so dashboards can trend them, and the MRR / ARR those rows hold back
    in the reporting (as-of) month.
-#}
with

{% for system, table in raw_tables() %}
    {{ system }}__{{ table }} as (

        select * from {{ ref('int_' ~ system ~ '__' ~ table ~ '_checked') }}

    ),

{% endfor %}
quarantined_rows as (

    select * from {{ ref('fct_quarantined_rows') }}

),

held_mrr as (

    select * from {{ ref('int_quarantined_mrr_months_valued') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

held_now as (

    select
        held_mrr.source_system,
        held_mrr.source_table,
        held_mrr.quarantine_reason,
        sum(held_mrr.held_mrr_usd) as held_mrr_usd
    from held_mrr
    inner join as_of
        on held_mrr.revenue_month = as_of.as_of_month
    group by held_mrr.source_system, held_mrr.source_table, held_mrr.quarantine_reason

),

raw_row_counts as (

    {% for system, table in raw_tables() %}
        select
            '{{ system }}' as source_system,
            '{{ table }}' as source_table,
            count(*) as raw_rows
        from {{ system }}__{{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

reasons as (

    {% for reason in quarantine_reasons() %}
        select '{{ reason }}' as quarantine_reason
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

counted_by_reason as (

    select
        source_system,
        source_table,
        quarantine_reason,
        count(*) as quarantined_rows
    from quarantined_rows
    group by source_system, source_table, quarantine_reason

),

joined as (

    select
        raw_row_counts.source_system,
        raw_row_counts.source_table,
        reasons.quarantine_reason,
        raw_row_counts.raw_rows,
        coalesce(counted_by_reason.quarantined_rows, 0) as quarantined_rows,
        coalesce(held_now.held_mrr_usd, 0) as held_mrr_usd
    from raw_row_counts
    cross join reasons
    left join counted_by_reason
        on raw_row_counts.source_system = counted_by_reason.source_system
            and raw_row_counts.source_table = counted_by_reason.source_table
            and reasons.quarantine_reason = counted_by_reason.quarantine_reason
    left join held_now
        on
            raw_row_counts.source_system = held_now.source_system
            and raw_row_counts.source_table = held_now.source_table
            and reasons.quarantine_reason = held_now.quarantine_reason

),

rated as (

    select
        source_system,
        source_table,
        quarantine_reason,
        raw_rows,
        quarantined_rows,
        held_mrr_usd,
        sum(quarantined_rows) over (partition by source_system, source_table) as table_quarantined_rows
    from joined

),

final as (

    select
        source_system,
        source_table,
        quarantine_reason,
        cast(raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(quarantined_rows as {{ dbt.type_bigint() }}) as quarantined_rows,
        cast(case when raw_rows > 0 then 1e0 * quarantined_rows / raw_rows else 0 end as {{ type_double() }})
            as quarantine_rate,
        cast(table_quarantined_rows as {{ dbt.type_bigint() }}) as table_quarantined_rows,
        cast(case when raw_rows > 0 then 1e0 * table_quarantined_rows / raw_rows else 0 end as {{ type_double() }})
            as table_quarantine_rate,
        cast({{ var('quarantine_tolerance') }} as {{ type_double() }}) as quarantine_tolerance,
        cast(held_mrr_usd as {{ dbt.type_numeric() }}) as held_mrr_usd,
        cast(12 * held_mrr_usd as {{ dbt.type_numeric() }}) as held_arr_usd
    from rated

)

select * from final
