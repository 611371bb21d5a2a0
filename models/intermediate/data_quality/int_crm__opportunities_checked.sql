{#-
    Every row of stg_crm__opportunities with its final quarantine reason: the row-level reason from
    staging, else the cross-table checks (orphan keys, currencies with a rate).
    Materialized once; int_crm__opportunities_cleaned exposes the rows that pass.
-#}
with

staged as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select account_id from {{ ref('int_crm__accounts_cleaned') }}

),

currencies as (

    {{ currencies_with_rates() | indent(4) }}

),

final as (

    select
        staged.opportunity_id,
        staged.account_id,
        staged.opportunity_type,
        staged.opportunity_type_original,
        staged.expansion_type,
        staged.source,
        staged.source_original,
        staged.amount_arr,
        staged.currency,
        staged.stage,
        staged.created_at,
        staged.closed_at,
        staged.is_closed,
        staged.is_won,
        staged.loss_reason,
        staged.csql_id,
        staged._loaded_at,
        staged._record_key,
        case
            when staged.quarantine_reason is not null then staged.quarantine_reason
            when parent_account_id.account_id is null then 'orphan_key'
            when staged.currency is not null and currencies.currency is null then 'unknown_currency'
        end as quarantine_reason,
        case
            when staged.quarantine_reason is not null then staged.quarantine_column
            when parent_account_id.account_id is null then 'account_id'
            when staged.currency is not null and currencies.currency is null then 'currency'
        end as quarantine_column
    from staged
    left join accounts as parent_account_id
        on staged.account_id = parent_account_id.account_id
    left join currencies
        on staged.currency = currencies.currency

)

select * from final
