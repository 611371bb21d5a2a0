{#- One row per CRM account with its ultimate parent and the retention grain it rolls into. -#}
with

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

hierarchies as (

    select * from {{ ref('int_account_hierarchies_resolved') }}

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.parent_account_id,
        hierarchies.ultimate_parent_account_id,
        hierarchies.hierarchy_depth,
        hierarchies.is_hierarchy_truncated,
        hierarchies.retention_grain_id,
        accounts.industry,
        accounts.employee_count,
        accounts.csm_owner_id,
        accounts.ae_owner_id,
        accounts.fiscal_year_start_month,
        accounts.created_at,
        accounts.onboarded_at,
        accounts.is_deleted,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(accounts.region, 'unknown') as region
    from accounts
    inner join hierarchies
        on accounts.account_id = hierarchies.account_id

)

select * from final
