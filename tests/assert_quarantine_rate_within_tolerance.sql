{#-
    Errors when any source table has more than `quarantine_tolerance` of its raw rows quarantined:
    past that share, the load itself is suspect and figures built on it should not be published.
    Returns one row per offending table.
-#}
with

summary as (

    select * from {{ ref('rpt_quarantine_summary') }}

),

final as (

    select distinct
        source_system,
        source_table,
        raw_rows,
        table_quarantined_rows,
        table_quarantine_rate,
        quarantine_tolerance
    from summary
    where table_quarantine_rate > quarantine_tolerance

)

select * from final
