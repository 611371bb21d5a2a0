{#-
    Per retention grain and month with a subscription item change (an item starting or ending):
    is_at_renewal = 1 when any of those changes falls within renewal_window_days of a term end of
    its subscription (the term end passed last or the next one), else 0. Tags expansion and
    contraction movements at_renewal vs in_year.
-#}
with

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

subscriptions as (

    select * from {{ ref('int_billing__subscriptions_cleaned') }}

),

hierarchies as (

    select * from {{ ref('int_account_hierarchies_resolved') }}

),

months as (

    select * from {{ ref('int_months_spined') }}

),

item_changes as (

    select
        hierarchies.retention_grain_id as grain_id,
        subscription_items.subscription_id,
        subscription_items.valid_from_date as change_date
    from subscription_items
    inner join hierarchies
        on subscription_items.account_id = hierarchies.account_id

    union all

    select
        hierarchies.retention_grain_id as grain_id,
        subscription_items.subscription_id,
        subscription_items.valid_to_date as change_date
    from subscription_items
    inner join hierarchies
        on subscription_items.account_id = hierarchies.account_id
    where subscription_items.valid_to_date is not null

),

changes_with_terms as (

    select
        item_changes.grain_id,
        months.revenue_month,
        item_changes.change_date,
        cast(subscriptions.started_at as date) as started_date,
        coalesce(subscriptions.term_months, 12) as term_months,
        {{ dbt.datediff('cast(subscriptions.started_at as date)', 'item_changes.change_date', 'month') }}
            as months_since_start
    from item_changes
    inner join months
        on
            item_changes.change_date >= months.revenue_month
            and item_changes.change_date <= months.snapshot_date
    inner join subscriptions
        on item_changes.subscription_id = subscriptions.subscription_id

),

terms_counted as (

    select
        *,
        cast(floor(1e0 * months_since_start / term_months) as {{ dbt.type_int() }}) as terms_completed
    from changes_with_terms

),

term_boundaries as (

    {#- the term ends on either side of each change: the last one passed (none during the first
        term) and the next one #}
    select
        grain_id,
        revenue_month,
        change_date,
        case
            when terms_completed > 0
                then {{ dbt.dateadd('month', 'terms_completed * term_months', 'started_date') }}
        end as previous_term_end,
        {{ dbt.dateadd('month', '(terms_completed + 1) * term_months', 'started_date') }} as next_term_end
    from terms_counted

),

final as (

    select
        grain_id,
        revenue_month,
        max(
            {%- set window_days = var('renewal_window_days') %}
            case
                when abs({{ dbt.datediff('previous_term_end', 'change_date', 'day') }}) <= {{ window_days }} then 1
                when abs({{ dbt.datediff('next_term_end', 'change_date', 'day') }}) <= {{ window_days }} then 1
                else 0
            end
        ) as is_at_renewal
    from term_boundaries
    group by grain_id, revenue_month

)

select * from final
