{#-
    fct_pqa_scores_daily reads score_parameters pqa / one_off_window_days in SQL: without exactly one
    row of at least 1 day its one-off credits would silently never expire or never count (the Python
    reference raises instead). One row comes back, naming what is wrong, when the setting is bad.
-#}
with

parameters as (

    select * from {{ ref('score_parameters') }}

),

window_rows as (

    select
        count(*) as row_count,
        min(value) as lowest_value
    from parameters
    where score_model = 'pqa' and parameter = 'one_off_window_days'

),

final as (

    select
        row_count,
        lowest_value,
        'score_parameters needs exactly one row pqa / one_off_window_days with a value of at least 1'
            as problem
    from window_rows
    where row_count != 1 or lowest_value is null or lowest_value < 1

)

select * from final
