{#-
    Per trigger (every catalogue row) and calendar quarter from the first customer's quarter to the
    reporting date: the eligible accounts, customers during the quarter that can meet the trigger at
    all (the catalogue's eligibility_basis): metered_plan - a month-end allowance utilisation in the
    quarter; per_seat_plan - licensed seats in the quarter; has_champion - a champion spell
    overlapping the quarter; renewal_in_window - a multi-month renewal whose checkpoint for that
    trigger (int_renewal_checkpoints_listed) falls in the quarter; nps_respondent - an NPS response
    in the quarter; active_customer - every customer. The denominator of the fire rate in
    rpt_trigger_effectiveness; needs no firing and no score.
-#}
with

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

customer_spans as (

    select * from {{ ref('int_account_customer_spans_derived') }}

),

usage_months as (

    select * from {{ ref('int_account_usage_months_spined') }}

),

champion_periods as (

    select * from {{ ref('int_champion_periods_derived') }}

),

renewal_checkpoints as (

    select * from {{ ref('int_renewal_checkpoints_listed') }}

),

nps_responses as (

    select * from {{ ref('int_crm__nps_responses_cleaned') }}

),

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

months as (

    {{ dbt.date_spine(
        'month',
        "cast('" ~ var('calendar_start_date') ~ "' as date)",
        "cast('" ~ var('calendar_end_date') ~ "' as date)"
    ) }}

),

quarters as (

    select
        cast(months.date_month as date) as quarter_start,
        cast({{ dbt.dateadd('month', 3, 'months.date_month') }} as date) as quarter_end,
        cast({{ dbt.dateadd('month', 3, 'months.date_month') }} as date) <= as_of.as_of_date
            as is_complete_quarter
    from months
    cross join as_of
    where
        cast(months.date_month as date) = cast({{ dbt.date_trunc('quarter', 'months.date_month') }} as date)
        and cast(months.date_month as date) <= as_of.as_of_date
        and cast(months.date_month as date) >= (
            select cast({{ dbt.date_trunc('quarter', 'min(customer_from)') }} as date) from customer_spans
        )

),

customers_in_quarter as (

    select distinct
        quarters.quarter_start,
        customer_spans.account_id
    from quarters
    inner join customer_spans
        on quarters.quarter_end > customer_spans.customer_from
            and (customer_spans.customer_to is null or quarters.quarter_start <= customer_spans.customer_to)

),

basis_members as (

    select distinct
        'metered_plan' as eligibility_basis,
        cast(null as {{ dbt.type_string() }}) as trigger_key,
        quarters.quarter_start,
        usage_months.account_id
    from usage_months
    inner join quarters
        on usage_months.usage_month >= quarters.quarter_start and usage_months.usage_month < quarters.quarter_end
    where usage_months.month_end_usage_utilisation is not null
    union all
    select distinct
        'per_seat_plan' as eligibility_basis,
        cast(null as {{ dbt.type_string() }}) as trigger_key,
        quarters.quarter_start,
        usage_months.account_id
    from usage_months
    inner join quarters
        on usage_months.usage_month >= quarters.quarter_start and usage_months.usage_month < quarters.quarter_end
    where usage_months.licensed_seats > 0
    union all
    select distinct
        'has_champion' as eligibility_basis,
        cast(null as {{ dbt.type_string() }}) as trigger_key,
        quarters.quarter_start,
        champion_periods.account_id
    from champion_periods
    inner join quarters
        on champion_periods.champion_from < quarters.quarter_end
            and (champion_periods.champion_to is null or champion_periods.champion_to >= quarters.quarter_start)
    union all
    select distinct
        'renewal_in_window' as eligibility_basis,
        renewal_checkpoints.trigger_key,
        quarters.quarter_start,
        renewal_checkpoints.account_id
    from renewal_checkpoints
    inner join quarters
        on cast(renewal_checkpoints.checkpoint_at as date) >= quarters.quarter_start
            and cast(renewal_checkpoints.checkpoint_at as date) < quarters.quarter_end
    union all
    select distinct
        'nps_respondent' as eligibility_basis,
        cast(null as {{ dbt.type_string() }}) as trigger_key,
        quarters.quarter_start,
        nps_responses.account_id
    from nps_responses
    inner join quarters
        on nps_responses.responded_at >= quarters.quarter_start
            and nps_responses.responded_at < quarters.quarter_end

),

eligible_counted as (

    select
        catalogue.trigger_key,
        customers_in_quarter.quarter_start,
        count(distinct customers_in_quarter.account_id) as eligible_accounts
    from catalogue
    cross join customers_in_quarter
    left join basis_members
        on catalogue.eligibility_basis = basis_members.eligibility_basis
            and customers_in_quarter.quarter_start = basis_members.quarter_start
            and customers_in_quarter.account_id = basis_members.account_id
            and (basis_members.trigger_key is null or catalogue.trigger_key = basis_members.trigger_key)
    where catalogue.eligibility_basis = 'active_customer' or basis_members.account_id is not null
    group by catalogue.trigger_key, customers_in_quarter.quarter_start

),

final as (

    select
        catalogue.trigger_key,
        catalogue.trigger_class,
        catalogue.needs_score,
        quarters.quarter_start,
        quarters.quarter_end,
        quarters.is_complete_quarter,
        cast(coalesce(eligible_counted.eligible_accounts, 0) as {{ dbt.type_int() }}) as eligible_accounts
    from catalogue
    cross join quarters
    left join eligible_counted
        on catalogue.trigger_key = eligible_counted.trigger_key
            and quarters.quarter_start = eligible_counted.quarter_start

)

select * from final
