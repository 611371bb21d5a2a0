{#
    Date arithmetic on Spark with DuckDB's results (dbt_project.yml `dispatch` puts this project
    before dbt for the `dbt` namespace, so these replace dbt-spark's versions on Spark only):
    - dateadd: dbt-spark goes through unix seconds, dropping the microseconds every raw timestamp
      carries; timestampadd keeps them (month steps clamp to the month's end, like DuckDB).
    - datediff: DuckDB counts the boundaries crossed (month: calendar months between the two
      months, whatever the days), dbt-spark counts whole months elapsed; here the boundaries.
#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set units = {
        'year': 'year', 'quarter': 'quarter', 'month': 'month', 'week': 'week', 'day': 'day',
        'hour': 'hour', 'minute': 'minute', 'second': 'second', 'millisecond': 'millisecond',
        'microsecond': 'microsecond',
    } -%}
    {%- if datepart | lower not in units -%}
        {{ exceptions.raise_compiler_error("dateadd: unknown datepart '" ~ datepart ~ "' on Spark") }}
    {%- endif -%}
    timestampadd({{ units[datepart | lower] }}, cast({{ interval }} as bigint), cast({{ from_date_or_timestamp }} as timestamp))
{%- endmacro %}

{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- set part = datepart | lower -%}
    {%- if part == 'day' -%}
        datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
    {%- elif part == 'month' -%}
        (
            (year({{ second_date }}) - year({{ first_date }})) * 12
            + month({{ second_date }}) - month({{ first_date }})
        )
    {%- elif part == 'year' -%}
        (year({{ second_date }}) - year({{ first_date }}))
    {%- elif part in ('hour', 'minute', 'second') -%}
        {%- set seconds = {'hour': 3600, 'minute': 60, 'second': 1}[part] -%}
        (
            floor(unix_seconds(cast({{ second_date }} as timestamp)) / {{ seconds }})
            - floor(unix_seconds(cast({{ first_date }} as timestamp)) / {{ seconds }})
        )
    {%- else -%}
        {{ exceptions.raise_compiler_error("datediff: datepart '" ~ datepart ~ "' has no Spark version here (day, month, year, hour, minute, second)") }}
    {%- endif -%}
{%- endmacro %}
