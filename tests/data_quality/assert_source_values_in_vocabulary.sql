{#-
    Warns (never fails the build) when a descriptive source column carries words outside the known
    vocabulary: those rows were kept and mapped to `other`. One row per table, column and word; see
    rpt_unknown_values_summary and the vocabulary_rules docs block.
-#}
{{ config(severity='warn') }}
with

unknown_values as (

    select * from {{ ref('rpt_unknown_values_summary') }}

),

final as (

    select
        source_system,
        source_table,
        column_name,
        original_value,
        row_count,
        suggested_vocabulary_map_row
    from unknown_values

)

select * from final
