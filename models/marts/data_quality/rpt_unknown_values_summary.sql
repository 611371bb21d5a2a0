{#-
    Words outside the known vocabulary of descriptive source columns (macro descriptive_vocabularies):
    one row per table, column and original value that staging kept but mapped to `other`, with the
    number of rows carrying it (older copies of re-synced rows left out), the word as the vocabulary
    compares it (macro normalise_word) and the row of seed vocabulary_map that would map it, its
    project word to choose from the column's vocabulary (`<smb|mid_market|enterprise>`). Empty when
    every word is known; a warn-level test lists what is here.
-#}
{%- set vocabularies = descriptive_vocabularies() %}
with

{% for key in vocabularies %}
    {%- set system, table, column = key.split('.') %}
    {{ system }}__{{ table }}__{{ column }} as (

        select * from {{ ref('int_' ~ system ~ '__' ~ table ~ '_checked') }}

    ),

{% endfor %}
unioned as (

    {% for key in vocabularies %}
        {%- set system, table, column = key.split('.') %}
        select
            '{{ system }}' as source_system,
            '{{ table }}' as source_table,
            '{{ column }}' as column_name,
            '{{ vocabularies[key] | join('|') }}' as project_words,
            {{ column }}_original as original_value,
            {{ column }} as mapped_value,
            quarantine_reason
        from {{ system }}__{{ table }}__{{ column }}
        where {{ column }} = 'other'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

counted as (

    select
        source_system,
        source_table,
        column_name,
        project_words,
        original_value,
        mapped_value,
        count(*) as row_count,
        sum(case when quarantine_reason is null then 1 else 0 end) as clean_row_count
    from unioned
    where quarantine_reason is null or quarantine_reason != 'duplicate'
    group by source_system, source_table, column_name, project_words, original_value, mapped_value

),

normalised as (

    select
        counted.*,
        {{ normalise_word('original_value') }} as normalised_value
    from counted

),

quoted as (

    {#- the word as one CSV field: in double quotes, quotes doubled, when it holds a comma or a quote #}
    select
        normalised.*,
        case
            when
                {{ dbt.position("','", 'normalised.normalised_value') }} > 0
                or {{ dbt.position("'\"'", 'normalised.normalised_value') }} > 0
                then {{ dbt.concat(["'\"'", dbt.replace('normalised.normalised_value', "'\"'", "'\"\"'"), "'\"'"]) }}
            else normalised.normalised_value
        end as normalised_value_csv
    from normalised

),

final as (

    select
        {{ dbt.concat(['source_system', "'.'", 'source_table', "'.'", 'column_name', "'|'", 'original_value']) }}
            as unknown_value_id,
        source_system,
        source_table,
        column_name,
        original_value,
        normalised_value,
        mapped_value,
        cast(row_count as {{ dbt.type_bigint() }}) as row_count,
        cast(clean_row_count as {{ dbt.type_bigint() }}) as clean_row_count,
        {{ dbt.concat([
            'source_system', "','", 'source_table', "','", 'column_name', "','",
            'normalised_value_csv', "',<'", 'project_words', "'>'",
        ]) }} as suggested_vocabulary_map_row
    from quoted

)

select * from final
