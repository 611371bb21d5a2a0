{%- set expansion_reasons = "'" ~ var('expansion_change_reasons') | join("', '") ~ "'" -%}
{%- set contraction_reasons = "'" ~ var('contraction_change_reasons') | join("', '") ~ "'" -%}
{#-
    Dated expansion and contraction evidence per account, used to score whether a trigger was right:
    billing item versions whose change_reason is in the expansion_change_reasons or
    contraction_change_reasons vars, won expansion opportunities (expansion) and subscription
    cancellations (contraction).
-#}
with

subscription_items as (

    select * from {{ ref('int_subscription_items_enriched') }}

),

subscriptions as (

    select * from {{ ref('int_billing__subscriptions_cleaned') }}

),

customers as (

    select * from {{ ref('int_billing__customers_cleaned') }}

),

opportunities as (

    select * from {{ ref('int_crm__opportunities_cleaned') }}

),

item_changes as (

    select
        account_id,
        valid_from as changed_at,
        case
            when change_reason in ({{ expansion_reasons }}) then 'expansion'
            else 'contraction'
        end as change_direction,
        'billing_' || change_reason as change_source
    from subscription_items
    where change_reason in ({{ expansion_reasons }}) or change_reason in ({{ contraction_reasons }})

),

won_expansions as (

    select
        account_id,
        closed_at as changed_at,
        'expansion' as change_direction,
        'opportunity_won' as change_source
    from opportunities
    where opportunity_type = 'expansion' and is_won and closed_at is not null

),

cancellations as (

    select
        customers.account_id,
        subscriptions.canceled_at as changed_at,
        'contraction' as change_direction,
        'billing_cancellation' as change_source
    from subscriptions
    inner join customers
        on subscriptions.customer_id = customers.customer_id
    where subscriptions.canceled_at is not null

),

unioned as (

    select * from item_changes
    union all
    select * from won_expansions
    union all
    select * from cancellations

),

final as (

    select distinct
        account_id,
        cast(changed_at as {{ dbt.type_timestamp() }}) as changed_at,
        change_direction,
        change_source
    from unioned
    where account_id is not null and changed_at is not null

)

select * from final
