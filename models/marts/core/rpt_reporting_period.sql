{#-
    One row: the warehouse's reporting date (int_as_of_date_resolved: the as_of_date var, else the
    latest billing load), its month, and the latest closed month of the board (rpt_board_retention).
    What the board pack and other readers stamp as "data as of".
-#}
with

as_of as (

    select * from {{ ref('int_as_of_date_resolved') }}

),

board as (

    select * from {{ ref('rpt_board_retention') }}

),

closed as (

    select max(revenue_month) as latest_closed_month
    from board
    where is_month_closed

),

final as (

    select
        as_of.as_of_date,
        as_of.as_of_month,
        closed.latest_closed_month
    from as_of
    cross join closed

)

select * from final
