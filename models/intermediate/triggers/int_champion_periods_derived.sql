{#-
    One row per spell during which a contact was the account's champion. The state before a
    contact's first is_champion change is that change's old value (the current flag when the contact
    never changed); a spell starts at contact creation or at a change to true and ends at the next
    change to false or when the contact left the company (null while still running).
-#}
with

contacts as (

    select * from {{ ref('int_crm__contacts_cleaned') }}

),

contact_history as (

    select * from {{ ref('int_crm__contact_history_cleaned') }}

),

champion_changes as (

    select
        contact_id,
        changed_at,
        lower(new_value) in ('true', '1', 't', 'yes') as is_champion_after,
        lower(old_value) in ('true', '1', 't', 'yes') as is_champion_before,
        row_number() over (partition by contact_id order by changed_at) as change_number
    from contact_history
    where field = 'is_champion'

),

initial_states as (

    select
        contacts.contact_id,
        contacts.account_id,
        contacts.created_at as state_from,
        coalesce(champion_changes.is_champion_before, contacts.is_champion, false) as is_champion
    from contacts
    left join champion_changes
        on contacts.contact_id = champion_changes.contact_id
            and champion_changes.change_number = 1

),

states as (

    select
        contact_id,
        account_id,
        state_from,
        is_champion
    from initial_states
    union all
    select
        champion_changes.contact_id,
        contacts.account_id,
        champion_changes.changed_at as state_from,
        champion_changes.is_champion_after as is_champion
    from champion_changes
    inner join contacts
        on champion_changes.contact_id = contacts.contact_id

),

bounded as (

    select
        states.contact_id,
        states.account_id,
        states.state_from,
        states.is_champion,
        contacts.left_company_at,
        lead(states.state_from) over (partition by states.contact_id order by states.state_from) as state_to
    from states
    inner join contacts
        on states.contact_id = contacts.contact_id

),

final as (

    select
        contact_id,
        account_id,
        state_from as champion_from,
        case
            when left_company_at is not null and (state_to is null or left_company_at < state_to)
                then left_company_at
            else state_to
        end as champion_to,
        left_company_at is not null and (state_to is null or left_company_at <= state_to) as ended_by_leaving
    from bounded
    where
        is_champion
        and (left_company_at is null or state_from < left_company_at)

)

select * from final
