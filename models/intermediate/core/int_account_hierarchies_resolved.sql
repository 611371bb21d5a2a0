{#-
    Every CRM account with its ultimate parent, however deep the parent chain, and the retention grain
    it rolls into: the ultimate parent by default, the account itself when var retention_grain is
    'account'. A chain longer than max_hierarchy_depth (a cycle in bad data) stops there and is flagged.
-#}
with recursive

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

walked as (

    select
        account_id,
        account_id as ancestor_account_id,
        parent_account_id as next_parent_account_id,
        0 as walk_depth
    from accounts

    union all

    select
        walked.account_id,
        accounts.account_id as ancestor_account_id,
        accounts.parent_account_id as next_parent_account_id,
        walked.walk_depth + 1 as walk_depth
    from walked
    inner join accounts
        on walked.next_parent_account_id = accounts.account_id
    where walked.walk_depth < {{ var('max_hierarchy_depth') }}

),

ranked as (

    select
        account_id,
        ancestor_account_id,
        next_parent_account_id,
        walk_depth,
        row_number() over (partition by account_id order by walk_depth desc) as depth_rank
    from walked

),

final as (

    select
        account_id,
        ancestor_account_id as ultimate_parent_account_id,
        walk_depth as hierarchy_depth,
        next_parent_account_id is not null as is_hierarchy_truncated,
        {% if var('retention_grain') == 'account' -%}
            account_id
        {%- else -%}
            ancestor_account_id
        {%- endif %} as retention_grain_id
    from ranked
    where depth_rank = 1

)

select * from final
