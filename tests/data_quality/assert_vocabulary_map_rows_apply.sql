{#-
    Warns (never fails the build) for each row of seed vocabulary_map that the mapping leaves out
    (macro vocabulary_map_pairs): a column that has no vocabulary, a project word outside the
    column's vocabulary, a source word that is already a known word (known words are never
    remapped), a source word holding a quote, or a source word mapped to two
    different project words (the first alphabetically applies). One row per seed row and problem.
-#}
{{ config(severity='warn') }}
{%- set vocabularies = {} %}
{%- do vocabularies.update(descriptive_vocabularies()) %}
{%- do vocabularies.update(money_vocabularies()) %}
{%- set known = [] %}
{%- for key, words in vocabularies.items() %}
    {%- for word in words %}
        {%- do known.append(key.split('.') + [word]) %}
    {%- endfor %}
{%- endfor %}
with

vocabulary_map as (

    select * from {{ ref('vocabulary_map') }}

),

known_words as (

    {% for system, table, column, word in known %}
        select
            '{{ system }}' as vocabulary_system,
            '{{ table }}' as vocabulary_table,
            '{{ column }}' as vocabulary_column,
            '{{ word }}' as word
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

known_columns as (

    select distinct
        vocabulary_system,
        vocabulary_table,
        vocabulary_column
    from known_words

),

normalised as (

    select
        system,
        table_name,
        column_name,
        source_word,
        project_word,
        {{ normalise_word('system') }} as system_key,
        {{ normalise_word('table_name') }} as table_key,
        {{ normalise_word('column_name') }} as column_key,
        {{ normalise_word('source_word') }} as source_key,
        {{ normalise_word('project_word') }} as project_key
    from vocabulary_map

),

conflicts as (

    select
        system_key,
        table_key,
        column_key,
        source_key
    from normalised
    group by system_key, table_key, column_key, source_key
    having count(distinct project_key) > 1

),

problems as (

    select
        normalised.system,
        normalised.table_name,
        normalised.column_name,
        normalised.source_word,
        normalised.project_word,
        case
            when known_columns.vocabulary_column is null then 'column has no vocabulary'
            when project_word.word is null then 'project_word is not a word of the column'
            when source_word.word is not null then 'source_word is already a known word'
            when {{ dbt.position("''''", 'normalised.source_word') }} > 0 then 'source_word holds a quote'
            when conflicts.source_key is not null then 'source_word is mapped to two project words'
        end as problem
    from normalised
    left join known_columns
        on
            normalised.system_key = known_columns.vocabulary_system
            and normalised.table_key = known_columns.vocabulary_table
            and normalised.column_key = known_columns.vocabulary_column
    left join known_words as project_word
        on
            normalised.system_key = project_word.vocabulary_system
            and normalised.table_key = project_word.vocabulary_table
            and normalised.column_key = project_word.vocabulary_column
            and normalised.project_key = project_word.word
    left join known_words as source_word
        on
            normalised.system_key = source_word.vocabulary_system
            and normalised.table_key = source_word.vocabulary_table
            and normalised.column_key = source_word.vocabulary_column
            and normalised.source_key = source_word.word
    left join conflicts
        on
            normalised.system_key = conflicts.system_key
            and normalised.table_key = conflicts.table_key
            and normalised.column_key = conflicts.column_key
            and normalised.source_key = conflicts.source_key

),

final as (

    select * from problems
    where problem is not null

)

select * from final
