{#
    Currencies revenue can be converted from, with the first day each has a rate: the reporting
    currency (var `reporting_currency`, USD) always, at 1.0 and with no FX row needed; every other
    currency once the FX feed has a clean rate for it. Used by the data-quality checks.
#}
{% macro currencies_with_rates() -%}
    select
        currency,
        min(rate_date) as first_rate_date
    from {{ ref('int_finance__fx_rates_cleaned') }}
    where currency != '{{ var("reporting_currency") }}'
    group by currency
    union all
    select
        '{{ var("reporting_currency") }}' as currency,
        cast(null as date) as first_rate_date
{%- endmacro %}


{#
    Boolean sql (needs CTEs `currencies` and `as_of`): the row's currency has rates, but none on or
    before the first day its value is needed -- the snapshot day of the month of `date_column` (the
    month's last day, or the as-of date when earlier). Rates apply as of the latest rate on or before
    a day, so from that day on every month has one.
#}
{% macro has_no_rate_by(date_column) -%}
    currencies.first_rate_date > least(
        cast({{ dbt.last_day('cast(' ~ date_column ~ ' as date)', 'month') }} as date), as_of.as_of_date
    )
{%- endmacro %}
