{#
    Service-level test between two timestamp columns of a model.

    Arguments:
      start_column, end_column  the clock starts and stops at these timestamps; rows where either is
                                null are not judged (open or skipped stages are not breaches here)
      max_elapsed               the allowed elapsed time (named so because `limit` is a dbt test config)
      unit                      'hours' or 'business_days' (business days after the start date up to
                                the end date, from int_business_days_numbered)
      tolerance                 share of judged rows allowed to breach (0-1)
      where                     optional SQL filter on the model's rows

    Returns the breached rows (the model's columns plus elapsed, breach count, judged rows and breach
    rate) and stores them (store_failures) so BI can list them. A warning, never a publish gate: a
    team missing its SLA is a finding for the board (the pipeline marts and the board pack show each
    stage's breaches), not a reason to withhold every figure. It warns when the breach rate is above
    the tolerance.
#}
{% test sla_within_limit(model, start_column, end_column, max_elapsed, unit='hours', tolerance=0, where=none) %}

{{ config(
    store_failures=true,
    severity='warn',
    warn_if='> 0 and max(breach_rate) > ' ~ tolerance,
) }}

with

model_rows as (

    select * from {{ model }}
    where
        {{ start_column }} is not null
        and {{ end_column }} is not null
        {% if where %}and ({{ where }}){% endif %}

),

business_days as (

    select * from {{ ref('int_business_days_numbered') }}

),

measured as (

    select
        model_rows.*,
        {% if unit == 'business_days' %}
            cast(end_day.business_day_number - start_day.business_day_number as {{ type_double() }})
        {% elif unit == 'hours' %}
            {{ elapsed_hours(start_column, end_column) }}
        {% else %}
            {{ exceptions.raise_compiler_error("sla_within_limit: unit must be 'hours' or 'business_days'") }}
        {% endif %} as sla_elapsed
    from model_rows
    {% if unit == 'business_days' %}
        left join business_days as start_day
            on cast(model_rows.{{ start_column }} as date) = start_day.calendar_date
        left join business_days as end_day
            on cast(model_rows.{{ end_column }} as date) = end_day.calendar_date
    {% endif %}

),

totals as (

    select
        count(*) as judged_rows,
        sum(case when sla_elapsed > {{ max_elapsed }} then 1 else 0 end) as breached_rows
    from measured

),

final as (

    select
        measured.*,
        cast({{ max_elapsed }} as {{ type_double() }}) as sla_limit,
        '{{ unit }}' as sla_unit,
        totals.judged_rows,
        totals.breached_rows,
        cast(1e0 * totals.breached_rows / totals.judged_rows as {{ type_double() }}) as breach_rate,
        cast({{ tolerance }} as {{ type_double() }}) as breach_tolerance
    from measured
    cross join totals
    where measured.sla_elapsed > {{ max_elapsed }}

)

select * from final

{% endtest %}
