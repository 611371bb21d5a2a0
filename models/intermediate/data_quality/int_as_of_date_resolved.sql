{#-
    The warehouse's reporting date: the `as_of_date` var when set, otherwise the date of the latest
    load (`_loaded_at`) in the billing sources -- the data itself says how far it goes; the FX feed
    does not (it is optional for a company billing only in the reporting currency, and may be
    sparse). Latest scores, open pipelines and "days since" figures are measured at this date, never
    at the wall clock, so rebuilding the same raw data gives the same marts. Reads every staged
    billing row (quarantined ones too: a load is a load).
-#}
{%- set billing_tables = [
    'customers', 'products', 'plans', 'subscriptions', 'subscription_items', 'invoices', 'invoice_lines',
] %}
with

{% for table in billing_tables %}
    billing_{{ table }} as (

        select * from {{ ref('stg_billing__' ~ table) }}

    ),

{% endfor %}
loads as (

    {% for table in billing_tables %}
        select max(_loaded_at) as loaded_at from billing_{{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

resolved as (

    select
        {% if var('as_of_date', none) %}
            {#- an aggregate too, so the var gives one row like the default (loads has a row per table) #}
            max(cast('{{ var("as_of_date") }}' as date))
        {% else %}
            cast(max(loaded_at) as date)
        {% endif %} as as_of_date
    from loads

),

final as (

    select
        as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as as_of_month,
        cast({{ dbt.date_trunc('month', dbt.dateadd('day', -1, 'as_of_date')) }} as date) as latest_score_month
    from resolved

)

select * from final
