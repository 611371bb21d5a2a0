{#
    What a segment's NRR gap to target costs, from ARR `arr` now, TTM NRR `nrr` and target `target`
    (annual ratios). Both are zero when NRR is at or above target (or unknown).

    nrr_gap_run_rate_usd: the ARR difference after `years` years of compounding,
        ARR x (target^years - NRR^years)
    a run-rate (ARR at the end of the period), not revenue booked.

    nrr_gap_revenue_usd: the revenue lost over `months` months if retention stays at NRR instead of
    target, each path compounding monthly at the annual rate (MRR_k = ARR / 12 x rate^(k/12)):
        ARR / 12 x sum over k = 1..months of (target^(k/12) - NRR^(k/12))
    The k = months term x 12 is the run-rate gap of the same horizon.
    Macros, not SQL in rpt_board_retention: the revenue form is also used by
    analyses/nrr_gap_cost_by_segment, and python_tests/test_board_gap_cost compiles both against a
    hand-worked example; the run-rate form stays beside it so the two definitions are read together.
#}
{% macro nrr_gap_run_rate_usd(arr, nrr, target, years) %}
    case
        when {{ nrr }} < {{ target }} then {{ arr }} * (power({{ target }}, {{ years }}) - power({{ nrr }}, {{ years }}))
        else 0
    end
{% endmacro %}

{% macro nrr_gap_revenue_usd(arr, nrr, target, months) %}
    case
        when {{ nrr }} < {{ target }}
            then {{ arr }} / 12 * (
                {%- for month in range(1, months + 1) %}
                    power({{ target }}, {{ month / 12 }}) - power({{ nrr }}, {{ month / 12 }})
                    {%- if not loop.last %} +{% endif %}
                {%- endfor %}
            )
        else 0
    end
{% endmacro %}
