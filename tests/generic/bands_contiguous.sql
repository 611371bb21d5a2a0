{#-
    Score bands within each `group_by` group must tile their range: ordered by lower bound, each
    band starts one point after the previous one ends (no gap, no overlap), lower <= upper, and
    band_rank follows the same order. Returns the offending bands.
-#}
{% test bands_contiguous(model, group_by, lower_column='lower_bound', upper_column='upper_bound',
                         rank_column='band_rank') %}

with

ordered as (

    select
        {{ group_by | join(', ') }},
        {{ lower_column }} as lower_value,
        {{ upper_column }} as upper_value,
        {{ rank_column }} as rank_value,
        lag({{ upper_column }}) over (
            partition by {{ group_by | join(', ') }} order by {{ lower_column }}
        ) as previous_upper,
        row_number() over (
            partition by {{ group_by | join(', ') }} order by {{ lower_column }}
        ) as position_by_bound
    from {{ model }}

),

final as (

    select * from ordered
    where lower_value > upper_value
        or (previous_upper is not null and lower_value <> previous_upper + 1)
        or rank_value <> position_by_bound

)

select * from final

{% endtest %}
